"""The API asks the core whether an action may happen now, as the web does: what it offers in
`allowed_actions` is what the back office offers, and what the back office refuses the API
refuses with a 409 and the same Dutch sentence."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Event, Feedback
from klachtwijs.feedback.workflow import actions_for
from klachtwijs.organisation.models import Role
from tests.doors import do_api, do_web
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
CONTACT = {"channel": "phone", "on": TODAY(), "summary": "Gebeld."}
ESCALATION = {"body": "klachtenloket", "started_on": TODAY()}
STATES = ["received", "registered", "in_progress", "contacted", "answered", "closed", "meldcode"]
ROLES = [Role.QUALITY_OFFICER, Role.QUALITY_LEAD, Role.HANDLER, Role.MELDCODE_OFFICER]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _dossier(state: str, *, jeugdwet: bool = False) -> Feedback:
    service = ServiceFactory(jeugdwet=True) if jeugdwet else ServiceFactory()
    UserFactory(role=Role.QUALITY_OFFICER)
    location = LocationFactory(services=[service])
    return FeedbackFactory(location=location, state=state)


def _both(user) -> tuple[Client, APIClient]:
    return login_staff(Client(), user), login_staff(APIClient(), user)


@pytest.mark.parametrize("jeugdwet", [False, True], ids=["wko", "jeugdwet"])
@pytest.mark.parametrize("state", STATES)
def test_allowed_actions_are_what_the_back_office_offers(state, jeugdwet):
    feedback = _dossier(state, jeugdwet=jeugdwet)
    seen = 0
    for role in ROLES:
        user = UserFactory(role=role, locations=[feedback.location])
        response = login_staff(APIClient(), user).get(f"/api/v1/klantreacties/{feedback.pk}/")
        if response.status_code == 404:  # a role that does not see this dossier
            continue
        offered = actions_for(user=user, feedback=Feedback.objects.get(pk=feedback.pk))
        assert response.json()["allowed_actions"] == sorted(offered), (role, state)
        seen += 1
    assert seen >= 2  # at least the quality lead and one other role see it


@pytest.mark.parametrize(
    ("state", "role", "action", "body"),
    [
        ("closed", Role.HANDLER, "contact", CONTACT),
        ("meldcode", Role.QUALITY_LEAD, "contact", CONTACT),
        ("meldcode", Role.QUALITY_LEAD, "escalation", ESCALATION),
        ("received", Role.QUALITY_OFFICER, "assign", None),
        (
            "in_progress",
            Role.HANDLER,
            "extend",
            {"until": TODAY() + dt.timedelta(weeks=8), "reason": "Ziekte."},
        ),
        (
            "contacted",
            Role.HANDLER,
            "committee",
            {"outcome": "unfounded", "reasoning": "Commissie.", "decided_on": TODAY()},
        ),
    ],
    ids=[
        "contact-closed",
        "contact-meldcode",
        "escalation-meldcode",
        "assign",
        "extend-wko",
        "committee-wko",
    ],
)
def test_what_the_back_office_refuses_the_api_refuses_alike(state, role, action, body):
    feedback = _dossier(state)
    user = UserFactory(role=role, locations=[feedback.location])
    body = body if body is not None else {"handler": user.pk}
    web, api = _both(user)
    events = feedback.events.count()

    on_api = do_api(api, action, feedback, body)
    on_web = do_web(web, action, feedback, body)

    assert (on_api.status_code, on_web.status_code) == (409, 409)
    assert on_api.json()["code"] == "illegal_transition"
    assert on_api.json()["detail"] in on_web.content.decode()
    assert feedback.events.count() == events


def test_a_committee_judgment_through_the_api_is_allowed_under_the_jeugdwet():
    feedback = _dossier("contacted", jeugdwet=True)
    handler = UserFactory(role=Role.HANDLER, locations=[feedback.location])
    body = {"outcome": "unfounded", "reasoning": "Commissie.", "decided_on": TODAY()}
    response = do_api(login_staff(APIClient(), handler), "committee", feedback, body)
    assert response.status_code == 200, response.json()
    assert response.json()["judgments"][0]["by_committee"] is True
    assert feedback.events.filter(kind=Event.Kind.JUDGED).exists()
