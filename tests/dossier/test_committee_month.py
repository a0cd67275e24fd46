"""The committee's month (Jeugdwet 4.2.1 lid 5, LEGAL.md T3), through the web and the API.

After the Jeugdwet complaints committee's judgment the provider tells the complainant and the
committee in writing, within one month, which measures it takes: one letter in the dossier,
mailed to both; a reminder before the month ends; the dossier cannot close before.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Document, Feedback, Judgment, Status
from klachtwijs.feedback.reminders import reminders_send
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.doors import do_api, do_web
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import COMMITTEE_EMAIL, committee_address_set, login_staff

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DOORS = ["web", "api"]
NOT_TOLD = "Laat de klager en de klachtencommissie eerst schriftelijk weten"


def _door(door: str, user):
    return login_staff(Client() if door == "web" else APIClient(), user)


def _do(door: str, client, action: str, feedback: Feedback, body: dict):
    return (do_web if door == "web" else do_api)(client, action, feedback, body)


@pytest.fixture
def world():
    location = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    UserFactory(role=Role.QUALITY_OFFICER)
    feedback = Feedback.objects.get(pk=FeedbackFactory(location=location, contacted=True).pk)
    return feedback, feedback.handler


def _committee_judged(feedback: Feedback, handler, decided_on=None) -> Judgment:
    return services.feedback_judge(
        feedback_id=feedback.pk,
        by=handler,
        outcome="well_founded",
        reasoning="De commissie vindt de klacht gegrond.",
        by_committee=True,
        decided_on=decided_on or TODAY(),
    )


def _measure(handler) -> dict:
    return {
        "description": "Vaste overdracht bij het ophalen",
        "owner": handler,
        "due_date": TODAY() + dt.timedelta(days=30),
    }


def _pdf_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)


@pytest.mark.parametrize("door", DOORS)
def test_the_measures_letter_goes_to_the_complainant_and_the_committee(door, world):
    committee_address_set()
    feedback, handler = world
    _committee_judged(feedback, handler)
    client = _door(door, handler)

    response = _do(door, client, "measure", feedback, {"measures": [_measure(handler)]})

    assert response.status_code in (200, 302), response.content.decode()[:500]
    letter = feedback.documents.get(kind=Document.Kind.MEASURES_LETTER)
    assert letter.visible_to_parent
    text = _pdf_text(letter)
    assert "Vaste overdracht bij het ophalen" in text
    assert "klachtencommissie" in text
    mails = dict(
        OutboxMessage.objects.filter(feedback=feedback)
        .filter(kind__in=["committee_measures", "committee_measures_committee"])
        .values_list("to", "kind")
    )
    assert mails == {
        feedback.submitter_email: "committee_measures",
        COMMITTEE_EMAIL: "committee_measures_committee",
    }
    to_committee = OutboxMessage.objects.get(kind="committee_measures_committee")
    assert [a.filename for a in to_committee.attachments.all()] == [letter.filename]
    assert Judgment.objects.get(feedback=feedback).measures_told_at is not None


@pytest.mark.parametrize("door", DOORS)
def test_no_measures_needs_a_reason_and_then_still_a_letter(door, world):
    committee_address_set()
    feedback, handler = world
    _committee_judged(feedback, handler)
    client = _door(door, handler)

    refused = _do(door, client, "measure", feedback, {"measures": []})
    assert refused.status_code in (200, 400)
    assert "of schrijf waarom u geen maatregelen neemt" in refused.content.decode()
    assert not feedback.documents.filter(kind=Document.Kind.MEASURES_LETTER).exists()

    reason = "De afspraken uit het gesprek zijn al uitgevoerd."
    done = _do(door, client, "measure", feedback, {"measures": [], "no_measures_reason": reason})
    assert done.status_code in (200, 302)
    assert reason in _pdf_text(feedback.documents.get(kind=Document.Kind.MEASURES_LETTER))


@pytest.mark.parametrize("door", DOORS)
def test_without_the_committees_address_the_letter_is_refused(door, world):
    feedback, handler = world
    _committee_judged(feedback, handler)

    response = _do(
        door, _door(door, handler), "measure", feedback, {"measures": [_measure(handler)]}
    )

    assert response.status_code in (200, 400)
    assert "e-mailadres van de klachtencommissie" in response.content.decode()
    assert not feedback.measures.exists()
    assert Judgment.objects.get(feedback=feedback).measures_told_at is None


@pytest.mark.parametrize("door", DOORS)
def test_the_dossier_cannot_close_before_the_measures_are_told(door, world):
    committee_address_set()
    feedback, handler = world
    _committee_judged(feedback, handler)
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    client = _door(door, officer)

    refused = _do(door, client, "close", feedback, {})

    assert refused.status_code == 409
    assert NOT_TOLD in refused.content.decode()
    assert Feedback.objects.get(pk=feedback.pk).status == Status.ANSWERED
    _do(door, _door(door, handler), "measure", feedback, {"measures": [_measure(handler)]})
    closed = _do(door, client, "close", feedback, {})
    assert closed.status_code in (200, 302)
    assert Feedback.objects.get(pk=feedback.pk).status == Status.CLOSED


def test_a_committee_judgment_with_its_measures_tells_the_committee_at_once(world):
    committee_address_set()
    feedback, handler = world
    client = _door("api", handler)
    body = {
        "outcome": "partly_founded",
        "reasoning": "Deels gegrond.",
        "decided_on": TODAY(),
        "measures": [_measure(handler)],
    }

    assert _do("api", client, "committee", feedback, body).status_code == 200

    to_committee = OutboxMessage.objects.get(kind="committee_measures_committee")
    assert to_committee.to == COMMITTEE_EMAIL
    assert Judgment.objects.get(feedback=feedback).measures_told_at is not None
    officer = _door("api", UserFactory(role=Role.QUALITY_OFFICER))
    assert _do("api", officer, "close", feedback, {}).status_code == 200


def test_an_ordinary_judgment_closes_as_before(world):
    feedback, handler = world
    services.feedback_judge(
        feedback_id=feedback.pk,
        by=handler,
        outcome="unfounded",
        reasoning="Niet gebleken.",
        no_measures_reason="Niet nodig.",
    )
    officer = _door("web", UserFactory(role=Role.QUALITY_OFFICER))
    assert _do("web", officer, "close", feedback, {}).status_code == 302


def _reminders() -> list[tuple[str, str]]:
    return list(
        OutboxMessage.objects.filter(kind="reminder_committee_measures").values_list(
            "feedback__reference", "to"
        )
    )


def test_the_handler_is_reminded_before_the_month_ends_and_after(world, settings):
    feedback, handler = world
    decided = dt.date(2026, 1, 30)
    with time_machine.travel(dt.datetime(2026, 1, 30, 10, tzinfo=dt.UTC), tick=False):
        judgment = _committee_judged(feedback, handler, decided_on=decided)
    due = judgment.measures_due  # one calendar month: end of February, moved past the weekend
    assert due == dt.date(2026, 3, 2)
    days_before = settings.KLACHTWIJS["REMINDER_DAYS_BEFORE"]

    with time_machine.travel(due - dt.timedelta(days=days_before + 1), tick=False):
        call_command("send_reminders")
    assert _reminders() == []
    with time_machine.travel(due - dt.timedelta(days=days_before), tick=False):
        call_command("send_reminders")
        call_command("send_reminders")  # idempotent
    assert (feedback.reference, handler.email) in _reminders()
    once = len(_reminders())
    reminders_send(today=due + dt.timedelta(days=3))  # overdue: told again
    assert len(_reminders()) == 2 * once
    mail = OutboxMessage.objects.filter(kind="reminder_committee_measures").last()
    assert "3 dagen voorbij" in mail.body_text


def test_no_reminder_once_the_measures_are_told(world):
    committee_address_set()
    feedback, handler = world
    judgment = _committee_judged(feedback, handler)
    services.committee_measures_tell(
        feedback_id=feedback.pk, by=handler, measures=[services.MeasureInput(**_measure(handler))]
    )

    reminders_send(today=judgment.measures_due)

    assert _reminders() == []
