"""What a mail says, read without a mailbox: the parent's own words without the quoted
history, and whether a machine wrote it (table tests of `mailin.parse`)."""

import pytest

from klachtwijs.mailin.parse import AUTO_REPLY, BOUNCE, mail_parse, strip_quoted
from tests.mailin.mails import bounce, reply

OWN = "Graag een gesprek volgende week.\nMet groet, Fleur"


@pytest.mark.parametrize(
    "history",
    [
        "Op di 3 dec. 2026 om 10:00 schreef Klachtwijs <klachtwijs@localhost>:\n> Beste Fleur,",
        "On Tue, 3 Dec 2026 at 10:00, Klachtwijs <klachtwijs@localhost>\nwrote:\n> Dear Fleur",
        "-----Oorspronkelijk bericht-----\nVan: Klachtwijs\nBeste Fleur,",
        "-----Original Message-----\nFrom: Klachtwijs\nDear Fleur,",
        "Van: Klachtwijs <klachtwijs@localhost>\nVerzonden: dinsdag 3 december 2026\nBeste",
        "________________________________\nFrom: Klachtwijs\nSent: Tuesday",
        "-- \nFleur de Vries\n06 12345678",
    ],
)
def test_the_quoted_history_is_left_out(history):
    assert strip_quoted(f"{OWN}\n\n{history}\nDank u wel voor uw bericht.") == OWN


def test_quoted_lines_go_and_answers_between_them_stay():
    text = "> Kunt u morgen bellen?\nJa, na drie uur.\n> Welke groep?\nDe Vlinders."
    assert strip_quoted(text) == "Ja, na drie uur.\nDe Vlinders."


@pytest.mark.parametrize(
    ("headers", "subject", "expected"),
    [
        ({}, "Re: uw klacht", ""),
        ({"Auto-Submitted": "no"}, "Re: uw klacht", ""),
        ({"Auto-Submitted": "auto-replied"}, "Re: uw klacht", AUTO_REPLY),
        ({"X-Autoreply": "yes"}, "Re: uw klacht", AUTO_REPLY),
        ({"Precedence": "bulk"}, "Re: uw klacht", AUTO_REPLY),
        ({"Precedence": "auto_reply"}, "Re: uw klacht", AUTO_REPLY),
        ({}, "Automatisch antwoord: uw klacht", AUTO_REPLY),
        ({}, "Out of Office: uw klacht", AUTO_REPLY),
        ({"Return-Path": "<>"}, "Re: uw klacht", BOUNCE),
    ],
)
def test_a_machines_mail_is_recognised(headers, subject, expected):
    raw = reply("antwoord@klachten.example.nl", "Tekst", subject=subject, headers=headers)
    assert mail_parse(raw).automatic == expected


def test_a_delivery_report_and_the_mailer_daemon_are_bounces():
    assert mail_parse(bounce("antwoord@klachten.example.nl")).automatic == BOUNCE
    raw = reply("a@b.nl", "x", sender="MAILER-DAEMON@mx.example.nl")
    assert mail_parse(raw).automatic == BOUNCE


def test_the_same_message_id_is_the_same_mail():
    first = reply("a@b.nl", "een", message_id="<1@mail.example.nl>")
    again = reply("a@b.nl", "een", message_id="<1@mail.example.nl>")
    other = reply("a@b.nl", "een", message_id="<2@mail.example.nl>")
    assert mail_parse(first).key == mail_parse(again).key != mail_parse(other).key
