"""Retention per report (LEGAL.md P2): a dossier waits for the report it belongs in, not for
any report of its year. A Wet kinderopvang dossier waits for the GGD report of its region and
year, a Jeugdwet dossier for the Jeugdwet report of its year; a year without complaints needs
no report (Wko 1.57b lid 9) and holds nothing back; a parent's erase request follows the same
rule and says from when it can be done."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from klachtwijs.feedback.models import ClosureReason, Feedback, Kind
from klachtwijs.feedback.services import feedback_resolve
from klachtwijs.organisation.models import Role
from klachtwijs.reports import jeugdwet
from klachtwijs.reports.models import AnnualReport, ReportSending, Variant
from klachtwijs.reports.selectors import report_sent_for
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
RECEIVED = dt.datetime(2025, 3, 3, 10, 0, tzinfo=AMS)
AFTER_TERM = RECEIVED + dt.timedelta(days=800)


@pytest.fixture
def world(time_machine, media_root):
    """Two regions, a Jeugdwet service; closed 2025 dossiers of Fleur in each."""
    time_machine.move_to(RECEIVED, tick=False)
    youth = ServiceFactory(jeugdwet=True)
    north, south = LocationFactory(name="Noord"), LocationFactory(name="Zuid")
    north.services.add(youth)
    wko_north = FeedbackFactory(closed=True, location=north, submitter_email="fleur@example.nl")
    wko_south = FeedbackFactory(closed=True, location=south)
    youth_north = FeedbackFactory(
        closed=True, location=north, service=youth, submitter_email="fleur@example.nl"
    )
    return {"north": north, "south": south, "wko": wko_north, "south_wko": wko_south,
            "youth": youth_north}  # fmt: skip


def _ggd_sent(location, on=dt.date(2026, 5, 20)):
    report, _ = AnnualReport.objects.get_or_create(year=2025, region=location.region)
    ReportSending.objects.create(report=report, region=location.region, sent_on=on)


def _retention(time_machine) -> str:
    time_machine.move_to(AFTER_TERM, tick=False)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def _anonymised(feedback) -> bool:
    return Feedback.objects.get(pk=feedback.pk).anonymised_at is not None


def test_a_wko_dossier_waits_for_the_ggd_report_of_its_own_region(world, time_machine):
    _ggd_sent(world["south"])  # the other region's GGD has its report; Noord's has not
    output = _retention(time_machine)
    region = world["north"].region.name
    assert f"het jaarverslag over 2025 is nog niet verstuurd naar de GGD ({region})" in output
    assert not _anonymised(world["wko"])
    assert _anonymised(world["south_wko"])
    assert report_sent_for(world["wko"]) is None

    _ggd_sent(world["north"], on=dt.date(2026, 5, 28))
    assert report_sent_for(world["wko"]) == dt.date(2026, 5, 28)
    _retention(time_machine)
    assert _anonymised(world["wko"])


def test_a_jeugdwet_dossier_waits_for_the_jeugdwet_report_not_the_ggds(world, time_machine):
    _ggd_sent(world["north"])
    _ggd_sent(world["south"])
    output = _retention(time_machine)
    assert "het Jeugdwet-jaarverslag over 2025 is nog niet verstuurd" in output
    assert _anonymised(world["wko"])
    assert not _anonymised(world["youth"])

    AnnualReport.objects.create(year=2025, variant=Variant.JEUGDWET, sent_on=dt.date(2026, 5, 5))
    assert report_sent_for(world["youth"]) == dt.date(2026, 5, 5)
    _retention(time_machine)
    assert _anonymised(world["youth"])


def test_a_year_without_complaints_holds_nothing_back(time_machine, media_root):
    time_machine.move_to(RECEIVED, tick=False)
    compliment = FeedbackFactory(kind=Kind.COMPLIMENT, registered=True)
    feedback_resolve(
        feedback_id=compliment.pk,
        reason=ClosureReason.HANDLED,
        text="Gedeeld met het team.",
        by=UserFactory(role=Role.QUALITY_OFFICER),
    )
    # Another region had a complaint and waits for its report; this one had none.
    waiting = FeedbackFactory(closed=True)
    _retention(time_machine)
    assert _anonymised(compliment)
    assert not _anonymised(waiting)


def test_a_report_sent_then_reopened_still_counts_as_sent(world, time_machine):
    """The GGD has the first version: reopening the report does not hold dossiers again."""
    _ggd_sent(world["north"])
    _ggd_sent(world["south"])
    AnnualReport.objects.filter(region__isnull=False).update(sent_on=None)  # as after reopening
    _retention(time_machine)
    assert _anonymised(world["wko"])


def test_the_erase_request_follows_the_same_rule_and_says_from_when(world, time_machine):
    UserFactory(role=Role.QUALITY_OFFICER, username="kwaliteit")
    time_machine.move_to(RECEIVED + dt.timedelta(days=30), tick=False)  # within the term
    _ggd_sent(world["north"])
    out = io.StringIO()
    call_command("subject_erase", "fleur@example.nl", "--by", "kwaliteit", stdout=out)
    output = out.getvalue()
    assert f"Gewist: {world['wko'].reference}" in output
    assert f"Blijft bewaard: {world['youth'].reference}" in output
    assert "Dit kan zodra dat jaarverslag is verstuurd (dat moet uiterlijk 31 mei 2026)." in output
    assert _anonymised(world["wko"])
    assert not _anonymised(world["youth"])


def test_a_jeugdwet_dossier_is_free_once_its_report_is_made_public(world, time_machine):
    """The Jeugdwet report goes out by publication (R5): the day it was made public counts."""
    _ggd_sent(world["north"])
    report = AnnualReport.objects.create(
        year=2025, variant=Variant.JEUGDWET, final_at=dt.datetime(2026, 4, 1, tzinfo=AMS)
    )
    lead = UserFactory(role=Role.QUALITY_LEAD)
    time_machine.move_to(dt.datetime(2026, 4, 20, 10, 0, tzinfo=AMS), tick=False)
    jeugdwet.jeugdwet_adopt(report_id=report.pk, on=dt.date(2026, 4, 2), by=lead)
    assert report_sent_for(world["youth"]) is None
    jeugdwet.jeugdwet_publish(report_id=report.pk, on=dt.date(2026, 4, 9), by=lead)
    assert report_sent_for(world["youth"]) == dt.date(2026, 4, 9)
    _retention(time_machine)
    assert _anonymised(world["youth"])
