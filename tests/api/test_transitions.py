"""The state machine as actions: each calls its service; what the state does not allow is a
409 with a Dutch message; other refusals are a 400 field by field."""

import datetime as dt

import pytest
from django.utils import timezone

from klachtwijs.feedback.models import Event, Feedback, Kind, Status
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, ServiceFactory, UserFactory, category

pytestmark = pytest.mark.django_db

BASE = "/api/v1/klantreacties/"


@pytest.fixture
def officer_api(token_client):
    return token_client(Role.QUALITY_OFFICER)


def _post(client, feedback, action, body=None):
    return client.post(f"{BASE}{feedback.pk}/{action}/", body or {}, format="json")


def test_a_complaint_walks_the_whole_route_through_the_api(officer_api, location):
    dossier = FeedbackFactory(location=location)
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    today = timezone.localdate().isoformat()
    steps = [
        ("register", {"category": category().pk}, Status.REGISTERED),
        ("assign", {"handler": handler.pk}, Status.IN_PROGRESS),
        ("contact", {"channel": "phone", "on": today, "summary": "Gebeld."}, Status.IN_PROGRESS),
        (
            "judge",
            {
                "outcome": "partly_founded",
                "reasoning": "De overdracht kan beter.",
                "measures": [
                    {
                        "description": "Vaste overdracht",
                        "owner": handler.pk,
                        "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
                    }
                ],
            },
            Status.ANSWERED,
        ),
        ("close", {}, Status.CLOSED),
        ("reopen", {"reason": "Nieuwe feiten."}, Status.IN_PROGRESS),
    ]
    for action, body, status in steps:
        response = _post(officer_api, dossier, action, body)
        assert response.status_code == 200, (action, response.json())
        assert response.json()["status"] == status
    dossier.refresh_from_db()
    assert dossier.measures.count() == 1
    kinds = list(dossier.events.values_list("kind", flat=True))
    assert kinds[-1] == Event.Kind.REOPENED
    timeline = officer_api.get(f"{BASE}{dossier.pk}/timeline/").json()
    assert [e["kind"] for e in timeline] == kinds
    assert officer_api.get(f"{BASE}{dossier.pk}/measures/").json()[0]["owner"] == handler.pk


@pytest.mark.parametrize(
    ("trait", "action", "body"),
    [
        ("received", "close", {}),
        ("received", "judge", {"outcome": "unfounded", "reasoning": "x"}),
        ("closed", "assign", None),
        ("registered", "reopen", {"reason": "x"}),
        ("in_progress", "register", {}),
    ],
)
def test_a_move_the_state_does_not_allow_is_409(officer_api, location, trait, action, body):
    dossier = FeedbackFactory(location=location, state=trait)
    if body is None:
        body = {"handler": UserFactory(role=Role.HANDLER).pk}
    before = dossier.status
    response = _post(officer_api, dossier, action, body)
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "illegal_transition"
    assert data["detail"].startswith("Dit kan niet bij een klacht met status")
    dossier.refresh_from_db()
    assert dossier.status == before


def test_a_compliment_cannot_be_judged(officer_api, location):
    dossier = FeedbackFactory(location=location, kind=Kind.COMPLIMENT, in_progress=True)
    body = {"outcome": "unfounded", "reasoning": "x", "no_measures_reason": "x"}
    assert _post(officer_api, dossier, "judge", body).status_code == 409


def test_judgment_without_a_logged_contact_is_400_with_the_reason(officer_api, location):
    dossier = FeedbackFactory(location=location, in_progress=True)
    body = {"outcome": "unfounded", "reasoning": "Zo zit het.", "no_measures_reason": "Geen."}
    response = _post(officer_api, dossier, "judge", body)
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["fields"]


def test_invalid_input_is_400_field_by_field(officer_api, location):
    dossier = FeedbackFactory(location=location, contacted=True)
    body = {"outcome": "maybe", "reasoning": "", "measures": [{"description": "x"}]}
    response = _post(officer_api, dossier, "judge", body)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"outcome", "reasoning", "measures.0.owner", "measures.0.due_date"} <= set(fields)


def test_register_without_any_category_is_400(officer_api, location):
    dossier = FeedbackFactory(location=location)
    response = _post(officer_api, dossier, "register")
    assert response.status_code == 400
    assert "category" in response.json()["fields"]


def test_wko_complaint_cannot_be_extended(officer_api, location):
    dossier = FeedbackFactory(location=location, in_progress=True)
    until = (dossier.due + dt.timedelta(days=14)).isoformat()
    response = _post(officer_api, dossier, "extend", {"until": until, "reason": "Ziekte."})
    assert response.status_code == 409
    assert response.json() == {
        "code": "illegal_transition",
        "detail": "Onder de Wet kinderopvang mag de termijn niet worden verlengd.",
    }
    assert not dossier.events.filter(kind=Event.Kind.EXTENDED).exists()


def test_jeugdwet_complaint_can_be_extended(officer_api, location):
    service = ServiceFactory(jeugdwet=True)
    location.services.add(service)
    dossier = FeedbackFactory(location=location, service=service, in_progress=True)
    until = dossier.due + dt.timedelta(days=14)
    body = {"until": until.isoformat(), "reason": "Wij spreken eerst de mentor."}
    response = _post(officer_api, dossier, "extend", body)
    assert response.status_code == 200, response.json()
    assert response.json()["extended_until"] == until.isoformat()


def test_resolve_and_withdraw_close_the_dossier(officer_api, location):
    solved = FeedbackFactory(location=location, registered=True)
    body = {"reason": "solved", "text": "Opgelost in een gesprek."}
    assert _post(officer_api, solved, "resolve", body).json()["closure_reason"] == "solved"
    withdrawn = FeedbackFactory(location=location)
    response = _post(officer_api, withdrawn, "withdraw", {"text": ""})
    assert response.json()["closure_reason"] == "withdrawn"
    assert Feedback.objects.filter(status=Status.CLOSED).count() == 2


def test_detail_offers_only_the_actions_state_and_role_allow(token_client, location):
    dossier = FeedbackFactory(location=location, registered=True)
    officer = token_client(Role.QUALITY_OFFICER).get(f"{BASE}{dossier.pk}/").json()
    core = {"assign", "contact", "resolve", "withdraw", "escalation"}
    assert core <= set(officer["allowed_actions"])
    assert "extend" not in officer["allowed_actions"]  # never under the Wet kinderopvang
    handler = token_client(Role.HANDLER, [location]).get(f"{BASE}{dossier.pk}/").json()
    assert {"contact", "resolve", "withdraw"} <= set(handler["allowed_actions"])
    assert not {"assign", "escalation"} & set(handler["allowed_actions"])


def test_escalation_is_recorded_on_the_timeline(officer_api, location):
    dossier = FeedbackFactory(location=location, closed=True)
    body = {"body": "geschillencommissie", "started_on": "2026-02-01", "summary": "Geschil."}
    response = officer_api.post(f"{BASE}{dossier.pk}/escalations/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["is_dispute"] is True
    assert dossier.events.filter(kind=Event.Kind.ESCALATION).exists()
    bad = {"body": "igj", "started_on": "2026-02-01", "ended_on": "2026-01-01"}
    response = officer_api.post(f"{BASE}{dossier.pk}/escalations/", bad, format="json")
    assert response.status_code == 400
    assert "ended_on" in response.json()["fields"]
