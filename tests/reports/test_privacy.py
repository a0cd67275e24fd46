"""The personal-data check finds planted names, addresses and numbers and blocks 'final'."""

import pytest
from django.core.exceptions import ValidationError

from klachtwijs.feedback import services as feedback_services
from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.models import Role
from klachtwijs.reports import selectors, services
from klachtwijs.reports.models import ReportStatus, Variant
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.reports.builders import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted(officer):
    """One 2025 complaint whose report texts leak a child, a parent, staff and contact data."""
    location = LocationFactory(name="Morel")
    UserFactory(first_name="Femke", last_name="van der Linden", locations=[location])
    feedback = FeedbackFactory(
        location=location,
        received_at=local(2025, 3, 10, 9),
        submitter_name="Mirjam Kuijpers",
        children=[feedback_services.Child("Sem", "Vlinders")],
    )
    feedback_services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary="Moeder van SEM's groep (M. Kuijpers) belde 06-12345678 en mailde "
        "mirjam@example.nl; Sem is geboren op 3 maart 2021.",
        handling="Femke van der Linden sprak met Kuijpers.",
    )
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    return report, feedback


def test_check_finds_every_planted_item_with_its_place(planted):
    report, feedback = planted
    hits = selectors.report_check(report).hits
    found = {(h.kind, h.text) for h in hits}
    assert ("naam", "SEM's") in found
    assert ("naam", "M. Kuijpers") in found
    assert ("naam", "Sem") in found
    assert ("naam", "Femke van der Linden") in found
    assert ("naam", "Kuijpers") in found
    assert ("telefoonnummer", "06-12345678") in found
    assert ("e-mailadres", "mirjam@example.nl") in found
    assert ("datum (geboortedatum?)", "3 maart 2021") in found
    assert all(h.feedback_id == feedback.pk for h in hits)
    assert any(f"dossier {feedback.reference}, omschrijving" in h.where for h in hits)


def test_report_cannot_be_final_until_hits_are_fixed_or_accepted(planted, officer):
    report, feedback = planted
    with pytest.raises(ValidationError, match="nog niet definitief"):
        services.report_make_final(report_id=report.pk, by=officer)
    feedback_services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary="Een ouder vroeg waarom het kind eerder moest worden opgehaald.",
        handling="Er is met de ouder gesproken.",
    )
    for hit in selectors.report_check(report).open_hits:
        services.report_accept_hit(report_id=report.pk, key=hit.key, by=officer)
    report = services.report_make_final(report_id=report.pk, by=officer)
    assert report.status == ReportStatus.FINAL


def test_complaint_without_report_texts_is_listed_and_blocks_final(officer):
    FeedbackFactory(received_at=local(2025, 4, 1, 9))
    FeedbackFactory(kind=Kind.COMPLIMENT, received_at=local(2025, 4, 1, 9))
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    check = selectors.report_check(report)
    assert len(check.missing) == 1
    assert not check.is_clean
    with pytest.raises(ValidationError):
        services.report_make_final(report_id=report.pk, by=officer)


def test_accepting_an_unknown_hit_is_refused(planted, officer):
    report, _ = planted
    with pytest.raises(ValidationError, match="bestaat niet"):
        services.report_accept_hit(report_id=report.pk, key="nope", by=officer)


def test_staff_first_names_are_known_too(officer):
    UserFactory(role=Role.HANDLER, first_name="Gijsbert", last_name="Terpstra")
    feedback = FeedbackFactory(received_at=local(2025, 4, 1, 9))
    feedback_services.feedback_set_report_texts(
        feedback_id=feedback.pk, by=officer, summary="Gijsbert belde.", handling="Opgelost."
    )
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    assert [h.text for h in selectors.report_check(report).hits] == ["Gijsbert"]
