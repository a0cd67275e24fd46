"""LEGAL.md P1: the law is the basis (AVG 6(1)(c)), so no door asks for consent; the public
form shows a short privacy notice instead: why, who reads it, how long it is kept and the
parent's rights. And every door asks who writes and how old the child is (P4)."""

import html

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback.models import AgeBand, Feedback, SubmitterRole
from klachtwijs.intake.forms import IntakeForm
from klachtwijs.organisation.models import Role
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import UserFactory
from tests.helpers import login_staff
from tests.intake.factories import form_data

pytestmark = pytest.mark.django_db
URL = "/klantreactie/"


def _page(client) -> str:
    return html.unescape(client.get(URL).content.decode())


def test_the_form_has_no_consent_box_and_submits_without_one(client, location):
    assert "privacy" not in IntakeForm.base_fields
    page = _page(client)
    assert 'type="checkbox" name="privacy"' not in page
    assert "ik ga akkoord" not in page.lower()
    data = form_data(location)
    assert not {"privacy", "consent", "akkoord"} & set(data)
    assert client.post(URL, data).status_code == 302
    assert Feedback.objects.count() == 1


def test_the_notice_says_why_who_how_long_and_the_rights(client, settings, location):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RETENTION_DAYS": 3 * 365}
    organisation = organisation_get()
    organisation.email = "kwaliteit@zonnebloem.nl"
    organisation.save()
    page = _page(client)
    notice = page.split('id="uw-privacy"')[1].split("</section>")[0]
    assert "Wet kinderopvang artikel 1.57b" in notice
    assert "Jeugdwet artikel 4.2.1" in notice
    assert "AVG artikel 6 lid 1 onder c" in notice
    assert "geen toestemming" in notice
    assert "Alleen de mensen die uw bericht behandelen, lezen uw naam" in notice
    assert "Het management ziet de feiten en een samenvatting zonder namen." in notice
    assert "tot 3 jaar na het afsluiten" in notice  # the retention setting
    assert "laten verbeteren" in notice
    assert "vragen ze te wissen" in notice
    assert "Stuur uw vraag naar kwaliteit@zonnebloem.nl" in notice


def test_a_retention_that_is_not_whole_years_is_said_in_days(client, settings, location):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RETENTION_DAYS": 400}
    assert "tot 400 dagen na het afsluiten" in _page(client)


def test_the_public_form_asks_who_writes_and_the_age_band_and_stores_them(client, location):
    page = _page(client)
    assert "Wie schrijft dit bericht?" in page
    assert "Hoe oud is het kind?" in page
    data = form_data(location, submitter_role="young_person", age_band="16_plus")
    assert client.post(URL, data).status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.submitter_role, feedback.age_band) == (
        SubmitterRole.YOUNG_PERSON,
        AgeBand.FROM_16,
    )


def test_the_public_form_refuses_a_missing_role_or_age_band(client, location):
    response = client.post(URL, form_data(location, submitter_role="", age_band="teen"))
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Kies wie dit bericht schrijft." in page
    assert "Kies hoe oud het kind is." in page
    assert not Feedback.objects.exists()


def test_the_staff_form_asks_and_stores_them_too(client, location):
    login_staff(client, UserFactory(role=Role.EMPLOYEE, locations=[location]))
    page = client.get("/staff/nieuw/").content.decode()
    assert 'name="submitter_role"' in page
    assert 'name="age_band"' in page
    assert 'name="privacy"' not in page
    data = {
        **form_data(location, submitter_role="other", age_band="12_to_15"),
        "channel": "phone",
        "received_on": timezone.localdate().isoformat(),
    }
    assert client.post("/staff/nieuw/", data).status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.submitter_role, feedback.age_band) == ("other", "12_to_15")


def test_the_public_api_takes_a_klantreactie_without_consent_and_with_the_answers(location):
    body = {
        "kind": "complaint",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Mijn zoon kwam zonder jas naar buiten.",
        "submitter_name": "Noor Bakker",
        "submitter_email": "noor@example.nl",
        "submitter_role": "parent",
        "age_band": "under_12",
    }
    response = APIClient().post("/api/v1/public/klantreacties/", body, format="json")
    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get(reference=response.json()["reference"])
    assert (feedback.submitter_role, feedback.age_band) == ("parent", "under_12")
    bad = APIClient().post(
        "/api/v1/public/klantreacties/", {**body, "age_band": "baby"}, format="json"
    )
    assert bad.status_code == 400
    assert "age_band" in bad.json()["fields"]
