"""Reminders until the report is at every GGD (LEGAL.md R3): in May to the quality department,
from 1 June every day to the quality lead saying it is late; a year without complaints needs
no report (R4) and gets no reminder; a day between the GGD's and the parents' date is named."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from klachtwijs.feedback.models import Kind
from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from klachtwijs.reports import services
from klachtwijs.reports.models import Variant
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.reports.builders import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return UserFactory(role=Role.QUALITY_LEAD, email="lead@example.nl")


def _run(day: dt.date) -> str:
    out = io.StringIO()
    with time_machine.travel(local(day.year, day.month, day.day, 7), tick=False):
        call_command("report_reminders", stdout=out)
    return out.getvalue()


def _late_mails():
    return OutboxMessage.objects.filter(kind="annual_report_late").order_by("created_at")


def test_from_june_the_lead_is_told_daily_that_the_report_is_late(officer, lead):
    location = LocationFactory(name="Morel")
    FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))

    _run(dt.date(2026, 5, 31))
    assert not _late_mails().exists()
    assert OutboxMessage.objects.filter(kind="annual_report_reminder").count() == 2

    assert "1 herinnering" in _run(dt.date(2026, 6, 1))
    (mail,) = _late_mails()
    assert mail.to == "lead@example.nl"  # the lead, not every quality officer
    assert "Te laat" in mail.subject
    assert "uiterlijk 31 mei 2026" in mail.body_text
    assert "1 dag te laat" in mail.body_text
    assert location.region.name in mail.body_text

    assert "0 herinnering" in _run(dt.date(2026, 6, 1))  # once a day, however often it runs
    _run(dt.date(2026, 6, 2))
    assert _late_mails().count() == 2
    assert "2 dagen te laat" in _late_mails().last().body_text
    _run(dt.date(2026, 11, 30))
    assert _late_mails().count() == 3


def test_without_a_lead_the_quality_officers_hear_it_is_late(officer):
    FeedbackFactory(received_at=local(2025, 4, 1, 9))
    _run(dt.date(2026, 6, 10))
    assert list(_late_mails().values_list("to", flat=True)) == [officer.email]


def test_a_year_without_complaints_gets_no_late_reminder(lead):
    location = LocationFactory()
    FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9), kind=Kind.COMPLIMENT)
    # A Jeugdwet complaint belongs in the Jeugdwet report, not the GGD's (Wko 1.1 lid 2).
    youth = ServiceFactory(jeugdwet=True)
    location.services.add(youth)
    FeedbackFactory(location=location, service=youth, received_at=local(2025, 5, 1, 9))
    FeedbackFactory(location=location, received_at=local(2024, 4, 1, 9))  # another year
    for day in (dt.date(2026, 5, 4), dt.date(2026, 6, 4)):
        assert services.report_reminders_due(today=day) == []
        _run(day)
    assert not OutboxMessage.objects.filter(kind__startswith="annual_report").exists()


def test_the_late_reminder_stops_when_every_ggd_has_it_and_names_a_gap(officer, lead):
    sent_region, late_region = LocationFactory(), LocationFactory()
    for location in (sent_region, late_region):
        feedback = FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))
        feedback_set_report_texts(
            feedback_id=feedback.pk, by=officer, summary="Vraag.", handling="Antwoord."
        )
    report = services.report_get_or_create(
        year=2025, region=sent_region.region, variant=Variant.WKO, by=officer
    )
    services.report_make_final(report_id=report.pk, by=officer)
    services.report_discuss_management(report_id=report.pk, on=dt.date(2026, 3, 2), by=officer)
    services.report_discuss_client_panel(
        report_id=report.pk, on=dt.date(2026, 3, 2), advice="Goed.", by=officer
    )
    services.report_send(
        report_id=report.pk,
        on=dt.date(2026, 5, 20),
        parents_informed_on=dt.date(2026, 5, 27),
        by=officer,
    )
    assert services.report_reminders_due(today=dt.date(2026, 6, 3)) == [late_region.region]

    _run(dt.date(2026, 6, 3))

    (mail,) = _late_mails()
    assert late_region.region.name in mail.body_text
    assert "kregen de ouders het verslag niet op dezelfde dag als de GGD" in mail.body_text
    assert f"{sent_region.region.name}: GGD op 20 mei 2026, ouders op 27 mei 2026" in (
        mail.body_text
    )
    other = services.report_get_or_create(
        year=2025, region=late_region.region, variant=Variant.WKO, by=officer
    )
    services.report_make_final(report_id=other.pk, by=officer)
    services.report_discuss_management(report_id=other.pk, on=dt.date(2026, 6, 3), by=officer)
    services.report_discuss_client_panel(
        report_id=other.pk, on=dt.date(2026, 6, 3), advice="Goed.", by=officer
    )
    services.report_send(
        report_id=other.pk,
        on=dt.date(2026, 6, 3),
        parents_informed_on=dt.date(2026, 6, 3),
        by=officer,
    )
    _run(dt.date(2026, 6, 4))
    assert _late_mails().count() == 1
