"""Who decides in the meldcode route (LEGAL.md M1): the organisation names them, per
organisation and per location, and only they record step 5 (the decision about a report to
Veilig Thuis), through the back office and the API alike. Set on the settings page and in the
admin."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback.models import MeldcodeStep
from klachtwijs.organisation.models import Location, Organisation, Role
from klachtwijs.organisation.selectors import organisation_get
from tests.doors import api_succeeded, do_api, do_web, web_succeeded
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
DOORS = ["web", "api"]
DECIDE = MeldcodeStep.Step.DECIDE


def record(door: str, user, feedback, step: str = DECIDE) -> tuple[bool, str]:
    """Record a meldcode step through `door`: (done, the answer's text)."""
    body = {
        "step": step,
        "at": timezone.now() - dt.timedelta(minutes=5),
        "decision": "Melden bij Veilig Thuis.",
    }
    if door == "web":
        response = do_web(login_staff(Client(), user), "meldcode", feedback, body)
        return web_succeeded(response), response.content.decode()
    response = do_api(login_staff(APIClient(), user), "meldcode", feedback, body)
    return api_succeeded(response), response.content.decode()


def name_decider(user, location: Location | None = None) -> None:
    if location is None:
        Organisation.objects.update(meldcode_decider=user)
    else:
        Location.objects.filter(pk=location.pk).update(meldcode_decider=user)


@pytest.mark.parametrize("door", DOORS)
def test_only_the_named_decider_records_the_decision(door, location):
    decider = UserFactory(role=Role.MELDCODE_OFFICER, first_name="Ingrid", last_name="Hoekstra")
    lead = UserFactory(role=Role.QUALITY_LEAD)
    name_decider(decider)
    feedback = FeedbackFactory(location=location, meldcode=True)

    done, answer = record(door, lead, feedback)
    assert not done
    assert "Alleen Ingrid Hoekstra mag het besluit" in answer
    assert not feedback.meldcode_steps.filter(step=DECIDE).exists()
    # The other steps are not the decider's alone.
    assert record(door, lead, feedback, MeldcodeStep.Step.WEIGH)[0]

    done, _ = record(door, decider, feedback)
    assert done
    assert feedback.meldcode_steps.get(step=DECIDE).by == decider


@pytest.mark.parametrize("door", DOORS)
def test_a_location_has_its_own_decider(door):
    here, elsewhere = LocationFactory(), LocationFactory()
    organisation_decider = UserFactory(role=Role.QUALITY_LEAD)
    location_decider = UserFactory(role=Role.MELDCODE_OFFICER)
    name_decider(organisation_decider)
    name_decider(location_decider, here)
    at_here = FeedbackFactory(location=here, meldcode=True)
    at_elsewhere = FeedbackFactory(location=elsewhere, meldcode=True)
    officer = UserFactory(role=Role.MELDCODE_OFFICER)  # records steps, decides in neither

    assert not record(door, organisation_decider, at_here)[0]
    assert not record(door, officer, at_here)[0]
    assert record(door, organisation_decider, at_elsewhere)[0]
    assert record(door, location_decider, at_here)[0]


def test_the_checklist_names_the_decider(location):
    decider = UserFactory(role=Role.MELDCODE_OFFICER, first_name="Ingrid", last_name="Hoekstra")
    name_decider(decider)
    feedback = FeedbackFactory(location=location, meldcode=True)
    client = login_staff(Client(), UserFactory(role=Role.QUALITY_LEAD))

    page = client.get(reverse("staff:meldcode", args=[feedback.pk])).content.decode()

    assert "Veilig Thuis (stap 5) legt <strong>Ingrid Hoekstra</strong> vast" in page


def test_the_settings_page_names_the_deciders_and_the_head(client, location):
    lead = UserFactory(role=Role.QUALITY_LEAD)
    officer = UserFactory(role=Role.MELDCODE_OFFICER)
    head = UserFactory(role=Role.MANAGEMENT)
    login_staff(client, lead)
    url = reverse("settings:meldcode")
    assert f'href="{url}"' in client.get(reverse("staff:home")).content.decode()

    response = client.post(
        url,
        {"meldcode_decider": lead.pk, "head": head.pk, f"location_{location.pk}": officer.pk},
    )

    assert response.status_code == 302
    organisation = organisation_get()
    assert (organisation.meldcode_decider, organisation.head) == (lead, head)
    location.refresh_from_db()
    assert location.meldcode_decider == officer


def test_a_decider_must_be_able_to_see_meldcode_dossiers(client, location):
    """A handler never sees a meldcode dossier, so cannot decide in one."""
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    head = UserFactory(role=Role.MANAGEMENT)

    response = client.post(
        reverse("settings:meldcode"), {"meldcode_decider": handler.pk, "head": head.pk}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Selecteer een geldige keuze" in page  # next to the field, in Dutch
    assert f'<option value="{head.pk}" selected>' in page  # what was typed is kept
    assert organisation_get().meldcode_decider is None


def test_only_the_quality_lead_and_the_administrator_open_the_settings(client):
    url = reverse("settings:meldcode")
    for role in Role:
        login_staff(client, UserFactory(role=role))
        expected = 200 if role in (Role.QUALITY_LEAD, Role.ADMINISTRATOR) else 403
        assert client.get(url).status_code == expected, role


def test_the_admin_names_the_deciders_and_the_head(client, location):
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    decider = UserFactory(role=Role.MELDCODE_OFFICER, last_name="Beslisser")
    handler = UserFactory(role=Role.HANDLER, last_name="Behandelaar")
    organisation = organisation_get()

    page = client.get(
        reverse("admin:organisation_organisation_change", args=[organisation.pk])
    ).content.decode()
    location_page = client.get(
        reverse("admin:organisation_location_change", args=[location.pk])
    ).content.decode()

    for html in (page, location_page):
        assert 'name="meldcode_decider"' in html
        decider_select = html.split('name="meldcode_decider"')[1].split("</select>")[0]
        assert f'value="{decider.pk}"' in decider_select
        assert f'value="{handler.pk}"' not in decider_select  # never sees meldcode dossiers
    assert 'name="head"' in page
