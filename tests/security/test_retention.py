"""Retention (issue 7.2, LEGAL.md P2): two years after closing a dossier is anonymised, unless
the year's report is unsent or an escalation is open; the annual figures stay the same."""

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Document, Escalation, Event, Feedback, ParentLink
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.privacy.tasks import next_run, retention_daily
from klachtwijs.reports.figures import Scope, location_figures, year_figures
from klachtwijs.reports.models import AnnualReport
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
CLOSED_ON = dt.datetime(2025, 3, 3, 10, 0, tzinfo=AMS)
PERSONAL = ["Fleur", "fleur@example.nl", "0612345678", "Noor", "Egeltjes"]


@pytest.fixture
def dossier(time_machine, media_root):
    """A closed complaint of 2025 full of personal data, and the 2025 report sent."""
    time_machine.move_to(CLOSED_ON, tick=False)
    feedback = FeedbackFactory(
        answered=True,
        children=[services.Child("Noor", "Egeltjes")],
        desired_outcome="Dat Fleur beter wordt geïnformeerd.",
    )
    services.feedback_share_message(
        feedback_id=feedback.pk, by=feedback.handler, text="Beste Fleur, we bellen u over Noor."
    )
    services.feedback_close(feedback_id=feedback.pk, by=feedback.handler)
    services.feedback_rate(feedback_id=feedback.pk, satisfaction=4, comment="Fijn, groet Fleur")
    services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=feedback.handler,
        summary="Ouder miste informatie bij de overdracht.",
        handling="Vaste overdrachtsmomenten ingevoerd.",
    )
    Document.objects.create(
        feedback=feedback,
        kind=Document.Kind.ATTACHMENT,
        file=ContentFile(b"%PDF-1.4 Fleur", name="bijlage.pdf"),
        filename="brief-van-fleur.pdf",
        content_type="application/pdf",
        size=14,
    )
    AnnualReport.objects.create(year=2025, sent_on=dt.date(2026, 5, 20))
    return Feedback.objects.get(pk=feedback.pk)


def _at(time_machine, days: int) -> None:
    time_machine.move_to(CLOSED_ON + dt.timedelta(days=days), tick=False)


def _apply(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def _texts(feedback: Feedback) -> str:
    """Every text still held about the dossier, in one string."""
    feedback.refresh_from_db()
    parts = [
        feedback.submitter_name,
        feedback.submitter_email,
        feedback.submitter_phone,
        str(feedback.children),
        feedback.description,
        feedback.desired_outcome,
        feedback.satisfaction_comment,
        *feedback.events.values_list("text", flat=True),
        *feedback.judgments.values_list("reasoning", flat=True),
        *feedback.measures.values_list("description", flat=True),
        *feedback.documents.values_list("filename", flat=True),
        *OutboxMessage.objects.filter(feedback=feedback).values_list("to", "body_text"),
    ]
    return " ".join(map(str, parts))


def test_before_the_term_a_closed_dossier_is_untouched(dossier, time_machine):
    _at(time_machine, 729)
    assert "Geanonimiseerd: 0; tegengehouden: 0" in _apply()
    assert "Fleur" in _texts(dossier)
    assert dossier.anonymised_at is None


def test_after_the_term_personal_data_goes_and_the_figures_stay(
    dossier, time_machine, django_capture_on_commit_callbacks
):
    file_path = Path(dossier.documents.get(kind=Document.Kind.ATTACHMENT).file.path)
    assert file_path.exists()
    figures = year_figures(Scope(year=2025)), location_figures(Scope(year=2025))
    kept = Feedback.objects.filter(pk=dossier.pk).values(
        "reference", "kind", "category", "location", "service", "framework", "status",
        "received_at", "registered_at", "answered_at", "closed_at", "closure_reason",
        "answer_due", "satisfaction", "report_summary", "report_handling", "handler",
    ).get()  # fmt: skip
    measure_dates = list(dossier.measures.values_list("due_date", "done_at"))
    outcomes = list(dossier.judgments.values_list("outcome", "decided_on"))
    events = list(dossier.events.values_list("kind", "at", "from_status", "to_status"))

    _at(time_machine, 731)
    with django_capture_on_commit_callbacks(execute=True):
        output = _apply()

    assert f"Geanonimiseerd: {dossier.reference}" in output
    text = _texts(dossier)
    assert [word for word in PERSONAL if word in text] == []
    assert dossier.children == []
    assert dossier.anonymised_at == CLOSED_ON + dt.timedelta(days=731)
    assert not dossier.documents.exists()
    assert not file_path.exists()
    assert not ParentLink.objects.filter(feedback=dossier).exists()
    assert not OutboxMessage.objects.filter(feedback=dossier).exists()
    # What the annual figures need is unchanged.
    assert Feedback.objects.filter(pk=dossier.pk).values(*kept).get() == kept
    assert list(dossier.measures.values_list("due_date", "done_at")) == measure_dates
    assert list(dossier.judgments.values_list("outcome", "decided_on")) == outcomes
    assert list(dossier.events.values_list("kind", "at", "from_status", "to_status"))[:-1] == (
        events
    )
    assert (year_figures(Scope(year=2025)), location_figures(Scope(year=2025))) == figures
    assert dossier.events.last().kind == Event.Kind.CHANGED
    # A second run finds nothing more to do.
    assert "Geanonimiseerd: 0" in _apply()


def test_an_open_escalation_holds_the_dossier_back_until_it_ends(dossier, time_machine):
    escalation = services.escalation_record(
        feedback_id=dossier.pk,
        by=dossier.handler,
        body=Escalation.Body.GESCHILLENCOMMISSIE,
        started_on=dt.date(2025, 4, 1),
    )
    _at(time_machine, 800)
    output = _apply()
    assert f"Wacht: {dossier.reference} (er loopt nog een escalatie of geschil)" in output
    assert "Fleur" in _texts(dossier)
    services.escalation_end(
        escalation_id=escalation.pk,
        by=dossier.handler,
        ended_on=dt.date(2027, 4, 1),
        result=Escalation.Result.UNFOUNDED,
        is_binding=True,
    )
    _apply()
    assert "Fleur" not in _texts(dossier)


def test_an_unsent_report_of_the_year_holds_the_dossier_back(dossier, time_machine):
    AnnualReport.objects.all().delete()
    AnnualReport.objects.create(year=2025, sent_on=None)
    _at(time_machine, 800)
    assert "het jaarverslag over 2025 is nog niet verstuurd" in _apply()
    assert dossier.anonymised_at is None
    assert "Fleur" in _texts(dossier)


def test_a_dry_run_only_says_what_would_happen(dossier, time_machine):
    _at(time_machine, 731)
    output = _apply("--dry-run")
    assert f"Zou anonimiseren: {dossier.reference}" in output
    assert "Fleur" in _texts(dossier)
    assert dossier.anonymised_at is None
    assert dossier.documents.exists()


def test_the_term_is_configurable(dossier, time_machine, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RETENTION_DAYS": 365}
    _at(time_machine, 366)
    _apply()
    assert "Fleur" not in _texts(dossier)


def test_open_dossiers_are_never_anonymised(time_machine):
    time_machine.move_to(CLOSED_ON, tick=False)
    feedback = FeedbackFactory(in_progress=True)
    AnnualReport.objects.create(year=2025, sent_on=dt.date(2026, 5, 20))
    _at(time_machine, 2000)
    _apply()
    assert "Fleur" in _texts(feedback)


def test_the_daily_task_anonymises_and_plans_the_next_day(dossier, time_machine):
    _at(time_machine, 731)
    result = retention_daily.enqueue()
    assert result.return_value == 1
    assert "Fleur" not in _texts(dossier)
    assert next_run(CLOSED_ON) == dt.datetime(2025, 3, 4, 3, 0, tzinfo=AMS)
