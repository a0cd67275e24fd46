"""The set-up checklist shows what is missing, and the public doors stay closed until the
required items are done (issue 14)."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Feedback, Regulation
from klachtwijs.organisation.models import Role
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import LocationFactory, RegionFactory, UserFactory
from tests.helpers import login_staff
from tests.intake.factories import form_data

pytestmark = pytest.mark.django_db
FORM = "/klantreactie/"
CHECKLIST = "/staff/inrichting/"


def _state(client) -> dict[str, str]:
    """Each checklist item's label and its tag (Klaar, Nog doen, Aanbevolen)."""
    response = client.get(CHECKLIST)
    assert response.status_code == 200
    items = response.context["rows"]
    return {item.key: "klaar" if item.done else "open" for item, _url in items}


@pytest.fixture
def admin(client, fresh_install):
    user = UserFactory(role=Role.ADMINISTRATOR, username="beheer")
    login_staff(client, user)
    return user


def _form_is_open(client) -> bool:
    cache.clear()  # the test's transaction never commits, so cached answers are not replaced
    response = client.get(FORM)
    assert response.status_code in (200, 503)
    return response.status_code == 200


def test_each_item_turns_done_and_the_form_opens_after_the_last(client, admin):
    public = type(client)()
    assert _state(client) == dict.fromkeys(
        ["organisation", "letterhead", "regions", "locations", "services", "regulation",
         "staff"], "open")  # fmt: skip
    assert not _form_is_open(public)

    organisation = organisation_get()
    organisation.name, organisation.phone = "De Kikker", "040 123 45 67"
    organisation.save()
    assert _state(client)["organisation"] == "klaar"
    region = RegionFactory()
    assert _state(client)["regions"] == "klaar"
    location = LocationFactory(region=region, services=[])
    location.services.clear()
    state = _state(client)
    assert (state["locations"], state["services"]) == ("klaar", "open")
    location.services.add(LocationFactory().services.first())
    assert _state(client)["services"] == "klaar"
    assert not _form_is_open(public)  # still no regulation

    regulation = Regulation.objects.create(
        version="1", in_force_from=dt.date(2020, 1, 1), text="Regeling"
    )
    assert _state(client)["regulation"] == "open"  # in force, but not published
    assert not _form_is_open(public)
    html = client.get(CHECKLIST).content.decode()
    assert "Versie 1: Voor deze versie ontbreekt het advies van de oudercommissie" in html

    edit = f"{CHECKLIST}klachtenregeling/{regulation.pk}/"
    client.post(f"{edit}publiceren/")  # refused: no advice yet
    assert _state(client)["regulation"] == "open"
    advice = {"advies-kind": "advice", "advies-body": "klantpanel", "advies-on": "2019-12-01"}
    assert client.post(f"{edit}advies/", advice).status_code == 302
    assert "Versie 1 is klaar om te publiceren." in client.get(CHECKLIST).content.decode()
    client.post(f"{edit}publiceren/")
    assert _state(client)["regulation"] == "klaar"
    assert _form_is_open(public)

    UserFactory(role=Role.QUALITY_OFFICER)
    assert _state(client)["staff"] == "klaar"


def test_a_regulation_in_force_only_later_keeps_the_form_closed(client, admin):
    organisation = organisation_get()
    organisation.name, organisation.email = "De Kikker", "info@kikker.example"
    organisation.save()
    LocationFactory()
    Regulation.objects.create(
        version="1",
        in_force_from=dt.date(2999, 1, 1),
        text="Later",
        published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert not _form_is_open(client)


def test_parents_see_the_preparing_page_with_contact_details_and_nothing_is_stored(
    client, fresh_install
):
    organisation = organisation_get()
    organisation.name, organisation.phone = "De Kikker", "040 123 45 67"
    organisation.save()
    location = LocationFactory()  # no regulation yet
    response = client.get(FORM)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Het formulier wordt voorbereid" in html
    assert "040 123 45 67" in html
    assert 'name="place"' not in html
    response = client.post(FORM, form_data(location))
    assert response.status_code == 503
    assert not Feedback.objects.exists()


def test_the_api_public_door_is_closed_too(fresh_install):
    location = LocationFactory()
    body = {
        "kind": "complaint",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Rommelige overdracht.",
        "submitter_name": "Fleur",
        "submitter_email": "fleur@example.nl",
    }
    response = APIClient().post("/api/v1/public/klantreacties/", body, format="json")
    assert response.status_code == 503
    assert "voorbereid" in response.json()["detail"]
    assert not Feedback.objects.exists()


def test_the_set_up_world_of_the_tests_is_open(client, location):
    """The shared fixture: every other test's public form is live."""
    assert client.get(FORM).status_code == 200


def test_the_back_office_shows_what_is_missing_to_who_can_finish_it(client, fresh_install):
    LocationFactory()
    lead = UserFactory(role=Role.QUALITY_LEAD)
    login_staff(client, lead)
    html = client.get("/staff/").content.decode()
    assert "Het formulier voor ouders staat nog niet open" in html
    assert "Klachtenregeling" in html
    assert 'href="/staff/inrichting/"' in html
    handler = UserFactory(role=Role.HANDLER)
    login_staff(client, handler)
    assert "staat nog niet open" not in client.get("/staff/").content.decode()


def test_no_banner_once_complete(client):
    LocationFactory()
    login_staff(client, UserFactory(role=Role.QUALITY_LEAD))
    assert "staat nog niet open" not in client.get("/staff/").content.decode()


def test_the_administrator_starts_at_the_checklist(client, admin):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == CHECKLIST


def test_the_checklist_links_each_item_to_its_page(client, admin):
    html = client.get(CHECKLIST).content.decode()
    for url in (
        "/staff/inrichting/organisatie/",
        "/staff/inrichting/ggd-regios/",
        "/staff/inrichting/vestigingen/",
        "/staff/inrichting/diensten/",
        "/staff/inrichting/klachtenregeling/",
        "/staff/organisatie/medewerkers/",  # the accounts app: staff are invited there
    ):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", [Role.HANDLER, Role.QUALITY_OFFICER, Role.MANAGEMENT])
def test_other_roles_may_not_set_up(client, role):
    login_staff(client, UserFactory(role=role))
    assert client.get(CHECKLIST).status_code == 403
