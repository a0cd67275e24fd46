"""A parent answers our mail (issue 15 item 5): the reply, read from a real IMAP server
(Dovecot on loopback, tests/imap.py), lands on the dossier's timeline and status page through
the status page's own service; files are checked as the form checks them; a machine's mail is
left out; a mail without a valid reply address waits for the quality department; reading the
mailbox twice adds nothing twice."""

import io
import re

import pytest
from django.core.management import call_command

from klachtwijs.core.models import AccessLog
from klachtwijs.feedback.models import Document, Event
from klachtwijs.intake import uploads
from klachtwijs.mailin.models import InboundMail
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff
from tests.imap import DONE
from tests.mailin.mails import EXE, PDF, bounce, reply

pytestmark = pytest.mark.django_db

OWN = "Mijn dochter had vandaag weer geen schone luier gekregen."
QUOTED = "Dank u wel voor uw bericht. Wij hebben uw klacht goed ontvangen"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def fetch() -> str:
    out = io.StringIO()
    call_command("fetch_mail", stdout=out)
    return out.getvalue()


def acknowledgement(smtp_server, handler):
    """A dossier with a handler, and the acknowledgement as the parent received it."""
    feedback = FeedbackFactory(location=handler.locations.first(), in_progress=True)
    feedback.handler = handler
    ack = OutboxMessage.objects.get(feedback=feedback, kind="acknowledgement")
    call_command("send_outbox", stdout=io.StringIO())
    received = [m for m in smtp_server.wait_for(1) if m["Subject"] == ack.subject]
    assert received, "the acknowledgement did not reach the SMTP server"
    return feedback, received[0]


@pytest.fixture
def handler(location):
    user = UserFactory(role=Role.HANDLER, locations=[location], email="behandelaar@example.nl")
    location.manager = user
    location.save()
    return user


def test_the_parents_reply_lands_on_the_timeline_and_the_status_page(
    client, imap_mailbox, smtp_server, handler
):
    feedback, mail = acknowledgement(smtp_server, handler)
    reply_to = mail["Reply-To"]
    assert re.fullmatch(r"antwoord\+[0-9a-z]+-[a-z2-7]{20}@klachten\.example\.nl", reply_to)
    status_url = re.search(r"https?://\S+/status/\S+/", mail.get_body().get_content()).group(0)
    history = "\n".join(f"> {line}" for line in mail.get_body().get_content().splitlines())
    raw = reply(
        reply_to.upper(),  # a mail server may change the case of the address
        f"{OWN}\n\nOp 3 dec. 2026 om 10:00 schreef Klachtwijs <klachtwijs@localhost>:\n{history}",
        files=[("factuur.pdf", PDF, "application/pdf"), ("virus.pdf", EXE, "application/pdf")],
    )
    imap_mailbox.append(raw)

    assert "added: 1" in fetch()

    event = Event.objects.get(feedback=feedback, kind=Event.Kind.PARENT_INFO)
    assert OWN in event.text
    assert QUOTED not in event.text
    assert "factuur.pdf" in event.text
    # The form's own check and words: the file that is not a PDF is named, not stored.
    assert uploads.E_TYPE.format(name="virus.pdf") in event.text
    assert list(
        Document.objects.filter(feedback=feedback, kind=Document.Kind.ATTACHMENT)
        .exclude(filename__in=["bijlage.pdf"])
        .values_list("filename", flat=True)
    ) == ["factuur.pdf"]
    # The handler hears of it, as from the status page.
    assert OutboxMessage.objects.filter(
        feedback=feedback, kind="parent_info_notice", to=handler.email
    ).exists()
    # The parent sees it on the status page; staff on the dossier page.
    assert OWN in client.get(status_url.replace("http://127.0.0.1:8000", "")).content.decode()
    staff = login_staff(client, handler)
    assert OWN in staff.get(f"/staff/dossiers/{feedback.pk}/").content.decode()
    # Processed once, however often the mailbox is read: moved to the done folder, and the
    # same mail delivered again (a crash before the move) adds nothing.
    assert (imap_mailbox.count("INBOX"), imap_mailbox.count(DONE)) == (0, 1)
    imap_mailbox.append(raw)
    fetch()
    fetch()
    assert Event.objects.filter(feedback=feedback, kind=Event.Kind.PARENT_INFO).count() == 1
    assert InboundMail.objects.count() == 1
    assert (imap_mailbox.count("INBOX"), imap_mailbox.count(DONE)) == (0, 2)


def test_auto_replies_and_bounces_are_left_out(imap_mailbox, smtp_server, handler):
    feedback, mail = acknowledgement(smtp_server, handler)
    to = mail["Reply-To"]
    imap_mailbox.append(reply(to, "Ik ben afwezig tot maandag.", subject="Automatisch antwoord"))
    imap_mailbox.append(reply(to, "I am away.", headers={"Auto-Submitted": "auto-replied"}))
    imap_mailbox.append(reply(to, "Vakantie.", headers={"Precedence": "auto_reply"}))
    imap_mailbox.append(reply(to, "Out of the office.", subject="Out of Office: uw klacht"))
    imap_mailbox.append(bounce(to))
    imap_mailbox.append(reply(to, "Terug.", headers={"Return-Path": "<>"}))

    fetch()

    assert not Event.objects.filter(feedback=feedback, kind=Event.Kind.PARENT_INFO).exists()
    outcomes = list(InboundMail.objects.values_list("outcome", "reason").order_by("pk"))
    assert outcomes == [("ignored", "auto_reply")] * 4 + [("ignored", "bounce")] * 2
    assert imap_mailbox.count("INBOX") == 0


def test_a_forged_reply_address_waits_for_the_quality_department(
    client, imap_mailbox, smtp_server, handler, officer
):
    feedback, mail = acknowledgement(smtp_server, handler)
    token = mail["Reply-To"].split("+")[1].split("@")[0]
    number, signature = token.split("-")
    forged = f"antwoord+{number}-{signature[::-1]}@klachten.example.nl"
    imap_mailbox.append(reply(forged, "Ik wil graag weten hoe het ermee staat."))
    imap_mailbox.append(reply("klachten@example.nl", "Geen antwoordadres."))

    fetch()

    assert not Event.objects.filter(feedback=feedback, kind=Event.Kind.PARENT_INFO).exists()
    waiting = InboundMail.objects.filter(outcome="unmatched").order_by("pk")
    assert [m.reason for m in waiting] == ["forged", "missing"]
    assert OutboxMessage.objects.filter(kind="mail_unmatched_notice", to=officer.email).count() == 2
    # The quality officer's list shows them; a handler may not read it.
    page = login_staff(client, officer).get("/staff/post/").content.decode()
    assert "fleur@example.nl" in page
    assert "antwoordadres niet geldig" in page
    client.logout()
    assert login_staff(client, handler).get("/staff/post/").status_code == 403
    client.logout()

    # The officer adds the first to the dossier, and throws the second away; both logged.
    login_staff(client, officer)
    first, second = waiting
    bad = client.post(f"/staff/post/{first.pk}/koppelen/", {"reference": "1999-0001"})
    assert bad.status_code == 400
    assert "Er is geen dossier met dit kenmerk" in bad.content.decode()
    linked = client.post(f"/staff/post/{first.pk}/koppelen/", {"reference": feedback.reference})
    assert linked.status_code == 302
    event = Event.objects.get(feedback=feedback, kind=Event.Kind.PARENT_INFO)
    assert "hoe het ermee staat" in event.text
    assert client.post(f"/staff/post/{second.pk}/weggooien/").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.outcome, second.outcome) == ("linked", "discarded")
    assert (second.text, bool(second.raw), second.decided_by) == ("", False, officer)
    details = set(AccessLog.objects.values_list("detail", flat=True))
    assert {
        f"e-mail van ouder {first.pk} gekoppeld",
        f"e-mail van ouder {second.pk} weggegooid",
    } <= details
    assert "Er wachten geen e-mails." in client.get("/staff/post/").content.decode()
