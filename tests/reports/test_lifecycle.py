"""The report's life: each step writes its date; illegal steps are refused in Dutch."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from klachtwijs.feedback.models import Feedback
from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from klachtwijs.reports import services
from klachtwijs.reports.jeugdwet import committee_year_save
from klachtwijs.reports.models import ReportSending, ReportStatus, Variant
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.reports.builders import local

pytestmark = pytest.mark.django_db
D = dt.date(2026, 3, 2)


@pytest.fixture
def report(officer):
    return services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)


def _final(report, officer):
    return services.report_make_final(report_id=report.pk, by=officer)


def test_a_year_without_complaints_can_still_be_made_final(report, officer):
    assert _final(report, officer).status == ReportStatus.FINAL


def test_steps_must_follow_the_order(report, officer):
    with pytest.raises(ValidationError, match="kan nu niet: het verslag is concept"):
        services.report_discuss_management(report_id=report.pk, on=D, by=officer)
    _final(report, officer)
    with pytest.raises(ValidationError, match="definitief"):
        services.report_send(report_id=report.pk, on=D, parents_informed_on=D, by=officer)
    with pytest.raises(ValidationError, match="definitief"):
        _final(report, officer)


def test_reopen_only_once_final_and_with_a_reason(report, officer):
    with pytest.raises(ValidationError, match="concept"):
        services.report_reopen(report_id=report.pk, reason="Fout.", by=officer)
    _final(report, officer)
    with pytest.raises(ValidationError):
        services.report_reopen(report_id=report.pk, reason=" ", by=officer)
    report = services.report_reopen(report_id=report.pk, reason="Fout.", by=officer)
    assert report.status == ReportStatus.DRAFT
    assert report.final_at is None


def test_future_dates_and_missing_advice_are_refused(report, officer):
    _final(report, officer)
    with pytest.raises(ValidationError):
        services.report_discuss_management(
            report_id=report.pk, on=timezone.localdate() + dt.timedelta(days=2), by=officer
        )
    services.report_discuss_management(report_id=report.pk, on=D, by=officer)
    with pytest.raises(ValidationError):
        services.report_discuss_client_panel(report_id=report.pk, on=D, advice=" ", by=officer)


def test_whole_life_records_every_date_and_mails_each_ggd_with_the_pdf(officer):
    first, second = LocationFactory(), LocationFactory()
    for location in (first, second):
        FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    # The complaints have no report texts yet: accepted hits do not help, texts are missing.
    with pytest.raises(ValidationError):
        _final(report, officer)
    for pk in Feedback.objects.values_list("pk", flat=True):
        feedback_set_report_texts(
            feedback_id=pk, by=officer, summary="Vraag.", handling="Antwoord."
        )
    _final(report, officer)
    services.report_discuss_management(report_id=report.pk, on=dt.date(2026, 3, 2), by=officer)
    services.report_discuss_client_panel(
        report_id=report.pk, on=dt.date(2026, 3, 20), advice="Duidelijker grafieken.", by=officer
    )
    report = services.report_send(
        report_id=report.pk,
        on=dt.date(2026, 4, 2),
        parents_informed_on=dt.date(2026, 4, 2),
        by=officer,
    )
    assert report.status == ReportStatus.SENT
    assert (report.sent_on, report.parents_informed_on) == (dt.date(2026, 4, 2),) * 2
    sendings = ReportSending.objects.filter(report=report, audience=ReportSending.Audience.GGD)
    assert {s.region_id for s in sendings} == {first.region_id, second.region_id}
    assert ReportSending.objects.get(report=report, audience="parents").sent_on == report.sent_on
    mails = OutboxMessage.objects.filter(kind="annual_report_ggd")
    assert sorted(mails.values_list("to", flat=True)) == sorted(
        [first.region.ggd_email, second.region.ggd_email]
    )
    assert "Klachtenjaarverslag 2025" in mails.first().subject
    pdf = sendings.first().version.pdf
    assert pdf.read(5) == b"%PDF-"
    report = services.report_publish(
        report_id=report.pk,
        on=dt.date(2026, 4, 3),
        public_url="https://example.nl/jv.pdf",
        by=officer,
    )
    assert report.status == ReportStatus.PUBLISHED
    assert report.management_discussed_on == dt.date(2026, 3, 2)
    assert report.client_panel_advice == "Duidelijker grafieken."


def test_jeugdwet_report_is_not_mailed_to_the_ggd(officer):
    report = services.report_get_or_create(
        year=2025, region=None, variant=Variant.JEUGDWET, by=officer
    )
    committee_year_save(
        year=2025,
        members="A\nB\nC",
        chair="A",
        chair_independent=True,
        could_work=True,
        by=officer,
    )
    _final(report, officer)
    services.report_discuss_management(report_id=report.pk, on=D, by=officer)
    services.report_discuss_client_panel(report_id=report.pk, on=D, advice="Goed.", by=officer)
    services.report_send(report_id=report.pk, on=D, parents_informed_on=D, by=officer)
    assert not OutboxMessage.objects.filter(kind="annual_report_ggd").exists()


def test_reminders_in_may_until_the_ggd_of_each_region_has_it(officer):
    UserFactory(role=Role.QUALITY_LEAD, email="lead@example.nl")
    location = LocationFactory()
    FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))
    assert services.report_reminders_due(today=dt.date(2026, 4, 30)) == []
    assert services.report_reminders_due(today=dt.date(2026, 5, 1)) == [location.region]
    assert services.report_reminders_due(today=dt.date(2026, 6, 1)) == [location.region]
    with time_machine.travel(local(2026, 5, 12, 7), tick=False):
        from klachtwijs.reports.tasks import report_reminders_task

        report_reminders_task.enqueue()
    mails = OutboxMessage.objects.filter(kind="annual_report_reminder")
    assert sorted(mails.values_list("to", flat=True)) == ["kwaliteit@example.nl", "lead@example.nl"]
    assert location.region.name in mails.first().body_text
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    ReportSending.objects.create(report=report, region=location.region, sent_on=dt.date(2026, 5, 2))
    assert services.report_reminders_due(today=dt.date(2026, 5, 12)) == []


def test_no_reminder_for_a_year_without_complaints():
    assert services.report_reminders_due(today=dt.date(2026, 5, 12)) == []


def test_reminder_command_queues_mail_in_may(officer):
    import io

    from django.core.management import call_command

    FeedbackFactory(received_at=local(2025, 4, 1, 9))
    out = io.StringIO()
    with time_machine.travel(local(2026, 5, 4, 7), tick=False):
        call_command("report_reminders", stdout=out)
    assert "1 herinnering" in out.getvalue()
