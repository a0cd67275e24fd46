"""The employee a suspicion is about can be named, or changed, after the meldcode route has
started (LEGAL.md M2): from that moment they see, count, handle and are told nothing of the
dossier, through the back office and the API alike."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Event, Feedback, MeldcodeStep
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from tests.doors import API_BASE, api_succeeded, do_api, do_web, web_succeeded
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
DOORS = ["web", "api"]


def name(door: str, by, feedback, employee):
    body = {"concerned_employee": employee}
    if door == "web":
        return do_web(login_staff(Client(), by), "meldcode_concerned", feedback, body)
    return do_api(login_staff(APIClient(), by), "meldcode_concerned", feedback, body)


def done(door: str, response) -> bool:
    return web_succeeded(response) if door == "web" else api_succeeded(response)


def sees(user, feedback) -> tuple[int, int]:
    web = login_staff(Client(), user).get(reverse("staff:dossier", args=[feedback.pk]))
    api = login_staff(APIClient(), user).get(f"{API_BASE}{feedback.pk}/")
    return web.status_code, api.status_code


@pytest.mark.parametrize("door", DOORS)
def test_naming_the_employee_after_the_start_shuts_them_out(door, location):
    feedback = FeedbackFactory(location=location, meldcode=True)
    employee = UserFactory(role=Role.QUALITY_LEAD, email="verdacht@example.nl")
    lead = UserFactory(role=Role.QUALITY_LEAD, email="hoofd@example.nl")
    assert sees(employee, feedback) == (200, 200)  # before: their role sees meldcode dossiers

    assert done(door, name(door, lead, feedback, employee))

    feedback = Feedback.objects.get(pk=feedback.pk)
    assert feedback.concerned_employee == employee
    assert sees(employee, feedback) == (404, 404)
    assert not access.feedback_counted(employee).filter(pk=feedback.pk).exists()
    assert employee not in access.handler_candidates(feedback)
    for purpose in access.TOLD_PURPOSES - {access.TOLD_TEAM}:
        assert "verdacht@example.nl" not in access.recipients(purpose, feedback)
    # The route now asks for the vertrouwensinspecteur as well (Wko 1.51b, M2).
    assert MeldcodeStep.Step.INSPECTOR in services.meldcode_required_steps(feedback=feedback)
    event = feedback.events.filter(kind=Event.Kind.MELDCODE).last()
    assert event.text == "De betrokken medewerker is vastgelegd."
    assert not event.visible_to_parent


@pytest.mark.parametrize("door", DOORS)
def test_changing_the_employee_concerned(door, location):
    feedback = FeedbackFactory(location=location, meldcode=True)
    first = UserFactory(role=Role.MELDCODE_OFFICER)
    second = UserFactory(role=Role.MELDCODE_OFFICER)
    lead = UserFactory(role=Role.QUALITY_LEAD)
    assert done(door, name(door, lead, feedback, first))

    assert done(door, name(door, lead, feedback, second))

    assert sees(second, feedback) == (404, 404)
    assert sees(first, feedback) == (200, 200)  # no longer the one it is about
    texts = list(feedback.events.filter(kind=Event.Kind.MELDCODE).values_list("text", flat=True))
    assert texts[-1] == "De betrokken medewerker is gewijzigd."


@pytest.mark.parametrize("door", DOORS)
def test_naming_the_same_employee_again_is_refused_in_dutch(door, location):
    feedback = FeedbackFactory(location=location, meldcode=True)
    employee = UserFactory(role=Role.HANDLER)
    lead = UserFactory(role=Role.QUALITY_LEAD)
    assert done(door, name(door, lead, feedback, employee))

    response = name(door, lead, feedback, employee)

    assert not done(door, response)
    assert response.status_code in (200, 400)  # the form again, or the API's 400
    assert "al vastgelegd als betrokken medewerker" in response.content.decode()


@pytest.mark.parametrize("door", DOORS)
def test_the_handler_named_as_concerned_stops_handling(door, location):
    meldcode_handler = UserFactory(role=Role.MELDCODE_OFFICER, locations=[location])
    feedback = FeedbackFactory(location=location, registered=True)
    lead = UserFactory(role=Role.QUALITY_LEAD)
    services.feedback_assign(feedback_id=feedback.pk, handler=lead, by=lead)
    services.meldcode_start(feedback_id=feedback.pk, text="Signalen.", by=lead)
    assert Feedback.objects.get(pk=feedback.pk).handler == lead

    assert done(door, name(door, meldcode_handler, feedback, lead))

    feedback = Feedback.objects.get(pk=feedback.pk)
    assert feedback.handler is None
    assert sees(lead, feedback) == (404, 404)


def test_only_in_the_route_and_only_for_the_meldcode_roles(location):
    ordinary = FeedbackFactory(location=location, registered=True)
    in_route = FeedbackFactory(location=location, meldcode=True)
    employee = UserFactory(role=Role.HANDLER)
    lead = UserFactory(role=Role.QUALITY_LEAD)
    designated = UserFactory(role=Role.QUALITY_OFFICER, meldcode_designated=True)

    for door in DOORS:
        assert name(door, lead, ordinary, employee).status_code == 409
        assert name(door, designated, in_route, employee).status_code == 403
    link = reverse("staff:meldcode_concerned", args=[in_route.pk])
    page = login_staff(Client(), lead).get(reverse("staff:dossier", args=[in_route.pk]))
    assert f'href="{link}"' in page.content.decode()
