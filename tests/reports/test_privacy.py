"""The personal-data check finds planted names, addresses and numbers and blocks 'final'."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from klachtwijs.feedback import services as feedback_services
from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.models import Organisation, Role
from klachtwijs.reports import privacy, selectors, services
from klachtwijs.reports.models import ReportStatus, Variant
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff
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


# --- what leads to a person without a name (Wko 1.57b lid 5–6) ----------------------------


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Het gezin woont aan de Kerkstraat 12 in Eindhoven.", "adres", "Kerkstraat 12"),
        ("Zij wonen op Van Goghlaan 3a.", "adres", "Van Goghlaan 3a"),
        ("Adres: Oude Gracht 101-2.", "adres", "Oude Gracht 101-2"),
        ("Postcode 5612 AB, vlak bij de opvang.", "postcode", "5612 AB"),
        ("Postcode 5612AB.", "postcode", "5612AB"),
        ("Het BSN 123456782 stond op het formulier.", "BSN", "123456782"),
        ("BSN 1234.56.782.", "BSN", "1234.56.782"),
        ("Betaald van NL91 ABNA 0417 1643 00.", "IBAN", "NL91 ABNA 0417 1643 00"),
        ("Rekening NL91ABNA0417164300.", "IBAN", "NL91ABNA0417164300"),
        ("De auto met kenteken AB-12-CD stond voor de deur.", "kenteken", "AB-12-CD"),
        ("Kenteken 12-ABC-3.", "kenteken", "12-ABC-3"),
        ("Kenteken G-123-BB.", "kenteken", "G-123-BB"),
        ("Geboren op 2021-03-04.", "datum (geboortedatum?)", "2021-03-04"),
        ("Geboren op 04-03-2021.", "datum (geboortedatum?)", "04-03-2021"),
    ],
)
def test_each_kind_of_personal_data_is_found(text, kind, found):
    hits = privacy.scan_text(text, where="x", names=privacy.NameIndex())
    assert [(h.kind, h.text) for h in hits] == [(kind, found)]
    hit = hits[0]
    assert hit.before + hit.text + hit.after == text


@pytest.mark.parametrize(
    "text",
    [
        "Het nummer 123456789 is geen BSN: het haalt de elfproef niet.",
        "Groep 3 ging op 12 uur naar buiten.",
        "In de periode 2024-2025 kwamen 12 klachten binnen.",
        "Zie paragraaf 1-2-3 van de regeling.",
        "Het LRK-nummer staat op de website.",
    ],
)
def test_ordinary_text_is_not_reported(text):
    assert privacy.scan_text(text, where="x", names=privacy.NameIndex()) == []


def test_iban_check():
    assert privacy.iban_valid("NL91 ABNA 0417 1643 00")
    assert not privacy.iban_valid("NL91 ABNA 0417 1643 01")
    assert not privacy.iban_valid("NL91ABNA04171643")


def test_bsn_eleven_test():
    assert privacy.bsn_valid("123456782")
    assert not privacy.bsn_valid("123456789")
    assert not privacy.bsn_valid("000000000")


def test_the_organisations_own_addresses_are_not_personal(officer):
    organisation = Organisation.objects.get()
    organisation.street, organisation.postcode = "Stationsplein 1", "3511 ED"
    organisation.save()
    LocationFactory(name="Morel", street="Parklaan 7", postcode="5613 BC")
    feedback = FeedbackFactory(received_at=local(2025, 4, 1, 9))
    feedback_services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary="Ouder kwam naar Parklaan 7 (5613 BC) en later naar Stationsplein 1, 3511 ED.",
        handling="De ouder woont aan de Lindelaan 4, 5614 XY; kenteken AB-12-CD.",
    )
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    found = [(h.kind, h.text) for h in selectors.report_check(report).hits]
    assert found == [("adres", "Lindelaan 4"), ("postcode", "5614 XY"), ("kenteken", "AB-12-CD")]


def test_check_page_shows_each_hit_in_context_with_fix_and_accept(planted, officer, client):
    report, feedback = planted
    feedback_services.feedback_set_report_texts(
        feedback_id=feedback.pk,
        by=officer,
        summary="Het gezin woont aan de Kerkstraat 12, 5612 AB; BSN 123456782.",
        handling="Terugbetaald op NL91ABNA0417164300.",
    )
    login_staff(client, officer)
    page = client.get(reverse("reports:check", args=[report.pk])).content.decode()
    assert "woont aan de <mark>Kerkstraat 12</mark>, 5612 AB; BSN" in page
    for text in ("5612 AB", "123456782", "NL91ABNA0417164300"):
        assert f"<mark>{text}</mark>" in page
    assert f'href="#fix-{feedback.pk}"' in page
    assert f'id="fix-{feedback.pk}"' in page
    iban = next(h for h in selectors.report_check(report).hits if h.text == "NL91ABNA0417164300")
    client.post(reverse("reports:accept", args=[report.pk]), {"key": iban.key})
    report.refresh_from_db()
    assert report.accepted_hits[0]["kind"] == "IBAN"
    assert report.accepted_hits[0]["text"] == "NL91ABNA0417164300"
    assert report.accepted_hits[0]["by"] == officer.get_username()
