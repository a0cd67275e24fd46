"""Every dossier action through the HTTP client: the right role works and writes an Event; a
wrong role gets 403; a dossier outside the user's scope is 404; in an illegal state the action
is not offered and a POST is refused with a Dutch message."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Event, Feedback, Kind, Outcome
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory, category
from tests.helpers import committee_address_set

TODAY = timezone.localdate


def _measure(prefix: str = "maatregel", owner=None) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "5",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-description": "Vaste overdracht",
        f"{prefix}-0-owner": owner.pk,
        f"{prefix}-0-due_date": (TODAY() + dt.timedelta(days=20)).isoformat(),
    }


def _committee_judgment(feedback: Feedback) -> Feedback:
    committee_address_set()
    services.feedback_judge(
        feedback_id=feedback.pk,
        by=feedback.handler,
        outcome=Outcome.WELL_FOUNDED,
        reasoning="De commissie vindt de klacht gegrond.",
        no_measures_reason="De maatregelen volgen.",
        by_committee=True,
    )
    return feedback


def _meldcode_steps_done(feedback: Feedback) -> Feedback:
    officer = UserFactory(role=Role.MELDCODE_OFFICER)
    for step in services.meldcode_required_steps(feedback=feedback):
        services.meldcode_step_record(
            feedback_id=feedback.pk, step=step, at=timezone.now(), decision="Gedaan", by=officer
        )
    return feedback


@dataclass
class Case:
    name: str  # URL name in the `staff` namespace
    state: str  # FeedbackFactory trait
    role: str  # a role that may do it
    data: Callable[[Feedback, object], dict]
    event: str  # the Event kind it writes
    wrong_role: str = Role.CLIENT_PANEL
    kind: str = Kind.COMPLAINT
    jeugdwet: bool = False
    prepare: Callable[[Feedback], Feedback] | None = None
    illegal: dict | None = None  # overrides (state/kind/jeugdwet/prepare) for an illegal state
    illegal_message: str = ""
    extra: dict = field(default_factory=dict)


CASES = [
    Case(
        "register",
        "received",
        Role.QUALITY_OFFICER,
        lambda f, u: {
            "kind": f.kind,
            "category": category().pk,
            "location": f.location_id,
            "service": f.service_id,
        },
        Event.Kind.REGISTERED,
        wrong_role=Role.HANDLER,
        illegal={"state": "registered"},
        illegal_message="Dit kan niet bij een klacht met status ‘geregistreerd’.",
    ),
    Case(
        "assign",
        "registered",
        Role.QUALITY_OFFICER,
        lambda f, u: {"handler": u.pk},
        Event.Kind.ASSIGNED,
        wrong_role=Role.HANDLER,
        illegal={"state": "received"},
        illegal_message="Dit kan niet bij een klacht met status ‘ontvangen’.",
    ),
    Case(
        "contact",
        "in_progress",
        Role.HANDLER,
        lambda f, u: {"channel": "phone", "on": TODAY().isoformat(), "summary": "Gebeld."},
        Event.Kind.CONTACT,
        wrong_role=Role.MANAGEMENT,
        illegal={"state": "received"},
        illegal_message="Dit kan niet bij een klacht met status ‘ontvangen’.",
    ),
    Case(
        "note",
        "in_progress",
        Role.HANDLER,
        lambda f, u: {"text": "Intern."},
        Event.Kind.NOTE,
        wrong_role=Role.EMPLOYEE,
    ),
    Case(
        "message",
        "in_progress",
        Role.HANDLER,
        lambda f, u: {"text": "We zijn bezig."},
        Event.Kind.MESSAGE,
        wrong_role=Role.MELDCODE_OFFICER,
    ),
    Case(
        "extend",
        "in_progress",
        Role.HANDLER,
        lambda f, u: {"until": (f.answer_due + dt.timedelta(days=14)).isoformat(), "reason": "X"},
        Event.Kind.EXTENDED,
        jeugdwet=True,
        wrong_role=Role.MANAGEMENT,
        illegal={"jeugdwet": False},
        illegal_message="Onder de Wet kinderopvang mag de termijn niet worden verlengd.",
    ),
    Case(
        "judge",
        "contacted",
        Role.HANDLER,
        lambda f, u: {"outcome": "well_founded", "reasoning": "Omdat.", **_measure(owner=u)},
        Event.Kind.JUDGED,
        wrong_role=Role.EMPLOYEE,
        illegal={"state": "registered"},
        illegal_message="Dit kan niet bij een klacht met status ‘geregistreerd’.",
    ),
    Case(
        "committee",
        "contacted",
        Role.HANDLER,
        lambda f, u: {
            "outcome": "well_founded",
            "reasoning": "Commissie.",
            "decided_on": TODAY().isoformat(),
            **_measure(owner=u),
        },
        Event.Kind.JUDGED,
        jeugdwet=True,
        wrong_role=Role.MANAGEMENT,
        illegal={"jeugdwet": False},
    ),
    Case(
        "committee_measures",
        "contacted",
        Role.HANDLER,
        lambda f, u: _measure(owner=u),
        Event.Kind.CHANGED,
        jeugdwet=True,
        prepare=_committee_judgment,
        wrong_role=Role.MANAGEMENT,
        illegal={"state": "answered", "prepare": None},
    ),
    Case(
        "close",
        "answered",
        Role.QUALITY_OFFICER,
        lambda f, u: {},
        Event.Kind.CLOSED,
        wrong_role=Role.MANAGEMENT,
        illegal={"state": "in_progress"},
        illegal_message="Dit kan niet bij een klacht met status ‘in behandeling’.",
    ),
    Case(
        "resolve",
        "registered",
        Role.HANDLER,
        lambda f, u: {"reason": "solved", "text": "Opgelost in een gesprek."},
        Event.Kind.CLOSED,
        wrong_role=Role.EMPLOYEE,
        illegal={"state": "answered"},
    ),
    Case(
        "reopen",
        "closed",
        Role.QUALITY_OFFICER,
        lambda f, u: {"reason": "Nieuwe feiten."},
        Event.Kind.REOPENED,
        wrong_role=Role.HANDLER,
        illegal={"state": "in_progress"},
    ),
    Case(
        "withdraw",
        "registered",
        Role.HANDLER,
        lambda f, u: {"text": "Ouder belde."},
        Event.Kind.WITHDRAWN,
        wrong_role=Role.EMPLOYEE,
        illegal={"state": "closed"},
        illegal_message="Dit kan niet bij een klacht met status ‘afgesloten’.",
    ),
    Case(
        "situation",
        "registered",
        Role.QUALITY_OFFICER,
        lambda f, u: {
            "references": FeedbackFactory(location=f.location).reference,
            "title": "Overdracht",
        },
        Event.Kind.SITUATION,
        wrong_role=Role.HANDLER,
        illegal={"state": "meldcode"},
    ),
    Case(
        "escalation",
        "closed",
        Role.QUALITY_OFFICER,
        lambda f, u: {"body": "klachtenloket", "started_on": TODAY().isoformat()},
        Event.Kind.ESCALATION,
        wrong_role=Role.HANDLER,
        illegal={"state": "meldcode"},
    ),
    Case(
        "report_texts",
        "closed",
        Role.HANDLER,
        lambda f, u: {"summary": "Over de overdracht.", "handling": "Afspraken gemaakt."},
        Event.Kind.CHANGED,
        wrong_role=Role.MANAGEMENT,
    ),
    Case(
        "share_team",
        "registered",
        Role.HANDLER,
        lambda f, u: {"text": "Mooi!"},
        Event.Kind.MESSAGE,
        kind=Kind.COMPLIMENT,
        wrong_role=Role.EMPLOYEE,
        illegal={"kind": Kind.COMPLAINT},
    ),
    Case(
        "meldcode_start",
        "registered",
        Role.HANDLER,
        lambda f, u: {"text": "Zorgen over signalen."},
        Event.Kind.MELDCODE,
        wrong_role=Role.MANAGEMENT,
        illegal={"state": "closed"},
    ),
    Case(
        "meldcode",
        "meldcode",
        Role.MELDCODE_OFFICER,
        lambda f, u: {
            "step": "signals",
            "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "decision": "Signalen op papier gezet.",
        },
        Event.Kind.MELDCODE,
        wrong_role=Role.QUALITY_OFFICER,
        illegal={"state": "registered"},
    ),
    Case(
        "meldcode_close",
        "meldcode",
        Role.MELDCODE_OFFICER,
        lambda f, u: {"text": "Route afgerond."},
        Event.Kind.CLOSED,
        prepare=_meldcode_steps_done,
        wrong_role=Role.QUALITY_OFFICER,
        illegal={"state": "registered", "prepare": None},
    ),
]


def _make(case: Case, **overrides) -> Feedback:
    spec = {
        "state": case.state,
        "kind": case.kind,
        "jeugdwet": case.jeugdwet,
        "prepare": case.prepare,
        **overrides,
    }
    service = ServiceFactory(jeugdwet=True) if spec["jeugdwet"] else ServiceFactory()
    location = LocationFactory(services=[service])
    UserFactory(role=Role.QUALITY_OFFICER)
    feedback = FeedbackFactory(location=location, kind=spec["kind"], state=spec["state"])
    if spec["prepare"]:
        spec["prepare"](feedback)
    return Feedback.objects.get(pk=feedback.pk)


def _user(role: str, feedback: Feedback):
    return UserFactory(role=role, locations=[feedback.location])


def _url(case: Case, feedback: Feedback) -> str:
    return reverse(f"staff:{case.name}", args=[feedback.pk])


IDS = [c.name for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_right_role_does_the_action_and_it_is_in_the_timeline(db, as_user, case):
    feedback = _make(case)
    user = _user(case.role, feedback)
    client = as_user(user)
    page = client.get(reverse("staff:dossier", args=[feedback.pk]))
    assert f'href="{_url(case, feedback)}"' in page.content.decode()  # offered on the page
    assert client.get(_url(case, feedback)).status_code == 200
    before = Event.objects.filter(feedback=feedback, kind=case.event, actor=user).count()

    response = client.post(_url(case, feedback), case.data(feedback, user))

    assert response.status_code == 302, response.content.decode()
    assert Event.objects.filter(feedback=feedback, kind=case.event, actor=user).count() > before


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wrong_role_is_refused(db, as_user, case):
    feedback = _make(case)
    user = _user(case.wrong_role, feedback)
    client = as_user(user)
    events = feedback.events.count()

    assert client.get(_url(case, feedback)).status_code == 403
    assert client.post(_url(case, feedback), case.data(feedback, user)).status_code == 403
    assert feedback.events.count() == events


@pytest.mark.parametrize("case", [c for c in CASES if c.role == Role.HANDLER], ids=lambda c: c.name)
def test_dossier_of_another_location_is_missing(db, as_user, case):
    feedback = _make(case)
    outsider = UserFactory(role=Role.HANDLER, locations=[LocationFactory()])
    client = as_user(outsider)

    assert client.get(_url(case, feedback)).status_code == 404
    assert client.post(_url(case, feedback), case.data(feedback, outsider)).status_code == 404


@pytest.mark.parametrize("case", [c for c in CASES if c.illegal], ids=lambda c: c.name)
def test_action_not_allowed_in_this_state_is_not_offered_and_refused(db, as_user, case):
    feedback = _make(case, **case.illegal)
    # A meldcode officer only sees restricted dossiers; the quality lead sees both.
    restricted = feedback.is_restricted or case.role == Role.MELDCODE_OFFICER
    role = Role.QUALITY_LEAD if restricted else case.role
    user = _user(role, feedback)
    client = as_user(user)
    page = client.get(reverse("staff:dossier", args=[feedback.pk]))
    assert page.status_code == 200
    assert f'href="{_url(case, feedback)}"' not in page.content.decode()
    events = feedback.events.count()

    response = client.post(_url(case, feedback), case.data(feedback, user))

    assert response.status_code == 409
    if case.illegal_message:
        assert case.illegal_message in response.content.decode()
    assert feedback.events.count() == events
