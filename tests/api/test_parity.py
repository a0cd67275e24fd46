"""Judging and extending through the API leave exactly what the back office leaves: the same
Events, the same letters (Documents) and the same mails to the same people."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback.models import Document, Feedback
from klachtwijs.organisation.models import Role
from tests.doors import do_api, do_web, footprint, last_event
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _twins(*, jeugdwet: bool) -> tuple[Feedback, Feedback, object]:
    """Two dossiers in the same state at one location, and a handler there."""
    service = ServiceFactory(jeugdwet=True) if jeugdwet else ServiceFactory()
    location = LocationFactory(services=[service])
    UserFactory(role=Role.QUALITY_OFFICER)
    # One handler for both (the location's manager): the mail telling them of the assignment
    # goes to the same person for both twins.
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    location.manager = handler
    location.save()
    web, api = (FeedbackFactory(location=location, contacted=True) for _ in range(2))
    return web, api, handler


def _measures(owner) -> list[dict]:
    return [
        {"description": "Vaste overdracht", "owner": owner, "due_date": TODAY() + dt.timedelta(20)}
    ]


CASES = {
    "judge": (
        False,
        lambda u: {"outcome": "well_founded", "reasoning": "Omdat.", "measures": _measures(u)},
    ),
    "judge_without_measures": (
        False,
        lambda u: {
            "outcome": "unfounded",
            "reasoning": "Niet gebleken.",
            "no_measures_reason": "Niets mis.",
        },
    ),
    "committee": (
        True,
        lambda u: {"outcome": "well_founded", "reasoning": "Commissie.", "decided_on": TODAY()},
    ),
    "extend": (
        True,
        lambda u: {
            "until": TODAY() + dt.timedelta(weeks=8),
            "reason": "Wij spreken eerst de mentor.",
        },
    ),
}


def _action(case: str) -> str:
    return "judge" if case.startswith("judge") else case


@pytest.mark.parametrize("via_token", [False, True], ids=["session", "token"])
@pytest.mark.parametrize("case", list(CASES))
def test_api_leaves_what_the_web_leaves(case, via_token, make_token):
    jeugdwet, body = CASES[case]
    on_web, on_api, handler = _twins(jeugdwet=jeugdwet)
    web_start, api_start = last_event(on_web), last_event(on_api)
    if via_token:
        _, key = make_token(Role.HANDLER, [on_api.location], name="planning")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    else:
        api = login_staff(APIClient(), handler)

    web_response = do_web(login_staff(Client(), handler), _action(case), on_web, body(handler))
    api_response = do_api(api, _action(case), on_api, body(handler))

    assert web_response.status_code == 302, web_response.content.decode()[:2000]
    assert api_response.status_code == 200, api_response.json()
    web, api_side = (
        footprint(on_web, after_event=web_start),
        footprint(on_api, after_event=api_start),
    )
    assert api_side == web
    letter = Document.Kind.EXTENSION if case == "extend" else Document.Kind.JUDGMENT
    assert letter in api_side.documents
    assert (
        "extension" if case == "extend" else "judgment",
        on_api.submitter_email,
    ) in api_side.mails


def test_committee_without_measures_is_worded_alike_through_both_doors():
    on_web, on_api, handler = _twins(jeugdwet=True)
    body = {"outcome": "partly_founded", "reasoning": "Commissie.", "decided_on": TODAY()}
    do_web(login_staff(Client(), handler), "committee", on_web, body)
    do_api(login_staff(APIClient(), handler), "committee", on_api, body)
    due = on_api.judgments.get().measures_due
    wording = f"De maatregelen volgen uiterlijk {due:%d-%m-%Y} (binnen een maand)."
    assert on_web.judgments.get().no_measures_reason == wording
    assert on_api.judgments.get().no_measures_reason == wording
