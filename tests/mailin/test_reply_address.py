"""The reply address on mail to a parent (notifications/reply.py): signed per dossier, only
on the parent's mail, off without the setting; and where such a reply goes when the dossier
no longer takes one."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from klachtwijs.feedback.models import Event
from klachtwijs.mailin.models import InboundMail
from klachtwijs.mailin.services import mail_receive
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.reply import reply_address, reply_token_valid
from tests.factories import FeedbackFactory
from tests.mailin.mails import reply

pytestmark = pytest.mark.django_db
MAILBOX = "antwoord@klachten.example.nl"


@pytest.fixture
def reply_on(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "REPLY_ADDRESS": MAILBOX}


def test_only_the_parents_mail_carries_the_dossiers_reply_address(reply_on, officer):
    feedback = FeedbackFactory()
    mails = OutboxMessage.objects.filter(feedback=feedback)
    to_parent = mails.get(kind="acknowledgement")
    assert to_parent.reply_to == reply_address(feedback)
    assert to_parent.reply_to.startswith("antwoord+")
    assert set(mails.exclude(to=feedback.submitter_email).values_list("reply_to", flat=True)) == {
        ""
    }


def test_no_reply_address_without_the_setting(officer):
    feedback = FeedbackFactory()
    assert OutboxMessage.objects.get(feedback=feedback, kind="acknowledgement").reply_to == ""


def test_a_token_is_valid_for_its_own_dossier_only(reply_on):
    one, two = FeedbackFactory(), FeedbackFactory()
    token = reply_address(one).split("+")[1].split("@")[0]
    assert reply_token_valid(token, one)
    assert reply_token_valid(token.upper(), one)  # mail servers may change the case
    assert not reply_token_valid(token, two)
    assert not reply_token_valid(token.replace(token.split("-")[0], str(two.pk)), two)


def test_a_reply_to_a_closed_dossier_waits_and_after_the_link_term_too(
    reply_on, time_machine, settings
):
    time_machine.move_to(dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC), tick=False)
    feedback = FeedbackFactory(closed=True)
    to = reply_address(feedback)
    closed = mail_receive(raw=reply(to, "Nog een vraag."))
    days = settings.KLACHTWIJS["PRIVATE_LINK_DAYS_AFTER_CLOSING"]
    time_machine.move_to(timezone.now() + dt.timedelta(days=days + 1), tick=False)
    expired = mail_receive(raw=reply(to, "Nog een vraag, later."))
    assert (closed.outcome, closed.reason) == ("unmatched", "closed")
    assert (expired.outcome, expired.reason) == ("unmatched", "expired")
    assert expired.feedback == feedback  # only who may see the dossier reads it
    assert not Event.objects.filter(feedback=feedback, kind=Event.Kind.PARENT_INFO).exists()


def test_retention_erases_unmatched_mail_after_the_term(reply_on, time_machine, settings):
    time_machine.move_to(dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC), tick=False)
    mail = mail_receive(raw=reply("antwoord+1-aaaaaaaaaaaaaaaaaaaa@klachten.example.nl", "Hoi"))
    assert (mail.outcome, mail.reason, mail.text) == ("unmatched", "forged", "Hoi")
    days = settings.KLACHTWIJS["RETENTION_DAYS"]
    time_machine.move_to(timezone.now() + dt.timedelta(days=days - 1), tick=False)
    call_command("apply_retention", stdout=io.StringIO())
    mail.refresh_from_db()
    assert mail.text == "Hoi"
    time_machine.move_to(timezone.now() + dt.timedelta(days=2), tick=False)
    call_command("apply_retention", stdout=io.StringIO())
    mail.refresh_from_db()
    assert (mail.text, mail.sender, bool(mail.raw)) == ("", "", False)
    assert mail.purged_at is not None
    assert InboundMail.objects.count() == 1  # kept, so the mail is never processed again


def test_fetch_mail_without_a_mailbox_says_what_to_set():
    with pytest.raises(CommandError, match="KLACHTWIJS_IMAP_HOST"):
        call_command("fetch_mail")
