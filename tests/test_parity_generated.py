"""The back office and the API offer, refuse and do exactly the same (issue #12, point 6).

Generated from `workflow.TRANSITIONS` / `workflow.staff_actions()`, so a new action is covered
(and fails `test_every_action_has_both_doors` until both doors have it):

1. For every dossier state and every role, the actions the dossier page offers (its links and
   buttons) are the API's `allowed_actions`, and both are `workflow.actions_for`.
2. Every action the state refuses is refused by both doors with 409 and the same Dutch reason;
   every action the role may not take is 403 through both, and 404 where the role may but
   does not see the dossier.
3. Every action, once per state where it is allowed, done by the first role that may, through
   both doors on twin dossiers: both succeed (or both refuse the input), leaving the same
   Events, Documents, mails to the same people and webhook deliveries (the action's own event,
   once, to a subscription to every event; none for a meldcode dossier).
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from klachtwijs.feedback import services, webhooks, workflow
from klachtwijs.feedback.models import (
    ClosureReason,
    Escalation,
    Feedback,
    Kind,
    MeldcodeStep,
    Status,
)
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Role
from tests.doors import (
    API_BASE,
    API_ROUTE,
    WEB_ROUTE,
    Footprint,
    api_succeeded,
    api_url,
    do_api,
    do_web,
    footprint,
    mark,
    web_succeeded,
    web_url,
)
from tests.factories import (
    FeedbackFactory,
    LocationFactory,
    ServiceFactory,
    UserFactory,
    WebhookSubscriptionFactory,
    category,
)
from tests.helpers import committee_address_set, login_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
REFUSED = {403, 404, 409}
# Web URL name -> the core's action (the page's links and buttons).
WEB_ACTION = {name: action for action, (name, _) in WEB_ROUTE.items()}
WEB_ACTION["escalation_end"] = "escalation"
LINK = re.compile(r'(?:href|action)="(/staff/[^"?#]+)"')


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the world: one location, one user per role, a dossier per state -----------------------


class World:
    def __init__(self) -> None:
        self.wko = ServiceFactory()
        self.jeugdwet = ServiceFactory(jeugdwet=True)
        self.location = LocationFactory(services=[self.wko, self.jeugdwet])
        here = (Role.HANDLER, Role.EMPLOYEE)
        self.users = {
            role: UserFactory(role=role, locations=[self.location] if role in here else [])
            for role in Role
        }
        self.handler = self.users[Role.HANDLER]
        self.location.manager = self.handler
        self.location.save(update_fields=["manager"])
        self.other = FeedbackFactory(location=self.location)  # to link as one situation
        committee_address_set()  # the committee hears of its measures (Jeugdwet 4.2.1 lid 5)
        WebhookSubscriptionFactory()  # every event: each action leaves its webhook delivery
        self._web: dict[str, Client] = {}
        self._api: dict[str, APIClient] = {}

    def web(self, role: str) -> Client:
        if role not in self._web:
            self._web[role] = login_staff(Client(), self.users[role])
        return self._web[role]

    def api(self, role: str) -> APIClient:
        if role not in self._api:
            self._api[role] = login_staff(APIClient(), self.users[role])
        return self._api[role]

    def dossier(self, state: str) -> Feedback:
        return STATES[state](self)

    def first_role(self, action: str, feedback: Feedback) -> str | None:
        """The first role (in `Role`'s order) that sees the dossier and may take `action`."""
        for role in Role:
            user = self.users[role]
            visible = access.feedback_visible(user).filter(pk=feedback.pk).exists()
            if visible and action in workflow.actions_for(user=user, feedback=feedback):
                return role
        return None


def _complaint(w: World, state: str, **kw) -> Feedback:
    traits = {} if state == "received" else {state: True}
    return FeedbackFactory(location=w.location, service=w.wko, **traits, **kw)


def _meldcode(w: World) -> Feedback:
    """In the meldcode route with every required step recorded, so it may be closed."""
    feedback = _complaint(w, "meldcode")
    lead = w.users[Role.QUALITY_LEAD]
    for step in services.meldcode_required_steps(feedback=feedback):
        services.meldcode_step_record(
            feedback_id=feedback.pk,
            step=step,
            at=timezone.now() - dt.timedelta(hours=2),
            decision="Besproken.",
            by=lead,
        )
    return feedback


def _meldcode_closed(w: World) -> Feedback:
    return services.walk_to(
        FeedbackFactory(location=w.location, service=w.wko),
        Status.CLOSED,
        by=w.users[Role.QUALITY_LEAD],
        handler=w.handler,
        closure=ClosureReason.MELDCODE,
        text="Signalen",
    )


def _committee_answered(w: World) -> Feedback:
    """A Jeugdwet complaint with the committee's judgment, its measures still to follow."""
    feedback = FeedbackFactory(location=w.location, service=w.jeugdwet, contacted=True)
    services.feedback_judge(
        feedback_id=feedback.pk,
        by=w.handler,
        outcome="well_founded",
        reasoning="Commissie.",
        by_committee=True,
        decided_on=TODAY(),
    )
    return Feedback.objects.get(pk=feedback.pk)


STATES: dict[str, Callable[[World], Feedback]] = {
    **{
        s: (lambda w, s=s: _complaint(w, s))
        for s in ("received", "registered", "in_progress", "contacted", "answered", "closed")
    },
    "meldcode": _meldcode,
    "meldcode_closed": _meldcode_closed,
    "jeugdwet_contacted": lambda w: FeedbackFactory(
        location=w.location, service=w.jeugdwet, contacted=True
    ),
    "committee_answered": _committee_answered,
    "compliment_registered": lambda w: _complaint(w, "registered", kind=Kind.COMPLIMENT),
    "compliment_closed": lambda w: services.feedback_resolve(
        feedback_id=_complaint(w, "registered", kind=Kind.COMPLIMENT).pk,
        reason=ClosureReason.HANDLED,
        text="Doorgegeven aan het team.",
        by=w.users[Role.QUALITY_OFFICER],
    ),
}


# --- what each action needs to succeed ------------------------------------------------------


def _measure(w: World) -> dict:
    return {
        "description": "Vaste overdracht",
        "owner": w.handler,
        "due_date": TODAY() + dt.timedelta(days=20),
    }


BODIES: dict[str, Callable[[World, Feedback], dict]] = {
    "register": lambda w, f: {
        "kind": f.kind,
        "category": f.category or category(),
        "location": f.location,
        "service": f.service,
    },
    "assign": lambda w, f: {"handler": w.handler},
    "contact": lambda w, f: {"channel": "phone", "on": TODAY(), "summary": "Gebeld."},
    "note": lambda w, f: {"text": "Intern."},
    "message": lambda w, f: {"text": "We zijn ermee bezig."},
    "extend": lambda w, f: {
        "until": TODAY() + dt.timedelta(weeks=8),
        "reason": "Wij spreken eerst de mentor.",
    },
    "judge": lambda w, f: {
        "outcome": "well_founded",
        "reasoning": "Omdat.",
        "measures": [_measure(w)],
    },
    "committee": lambda w, f: {
        "outcome": "partly_founded",
        "reasoning": "Commissie.",
        "decided_on": TODAY(),
    },
    "measure": lambda w, f: {"measures": [_measure(w)]},
    "measure_done": lambda w, f: {"measure": f.measures.filter(done_at=None).first()},
    "close": lambda w, f: {},
    "resolve": lambda w, f: {"reason": ClosureReason.SOLVED, "text": "Opgelost."},
    "withdraw": lambda w, f: {"text": "De ouder belde."},
    "reopen": lambda w, f: {"reason": "Nieuwe feiten."},
    "situation": lambda w, f: {"others": [w.other.pk], "title": "Zelfde ophaalmoment"},
    "escalation": lambda w, f: {
        "body": Escalation.Body.KLACHTENLOKET,
        "started_on": TODAY(),
        "summary": "Naar het loket.",
    },
    "escalation_end": lambda w, f: {
        "escalation": f.escalations.filter(ended_on=None).first(),
        "ended_on": TODAY(),
        "result": Escalation.Result.SETTLED,
        "is_binding": False,
    },
    "report_texts": lambda w, f: {"summary": "Over de overdracht.", "handling": "Opgelost."},
    "correct_service": lambda w, f: {
        "service": _other_service(f),
        "reason": "Het ging om de BSO.",
        "recompute_due": True,
    },
    "share_team": lambda w, f: {"text": "Mooi gedaan."},
    "start_meldcode": lambda w, f: {"text": "Signalen.", "concerned_employee": None},
    "meldcode": lambda w, f: {
        "step": MeldcodeStep.Step.SIGNALS,
        "at": timezone.now() - dt.timedelta(hours=1),
        "decision": "Nog een signaal.",
    },
    "close_meldcode": lambda w, f: {"text": "Afgerond."},
    "meldcode_concerned": lambda w, f: {"concerned_employee": w.users[Role.EMPLOYEE]},
}


def _other_service(feedback):
    """A second service at the dossier's location, for `correct_service`."""
    other = feedback.location.services.exclude(pk=feedback.service_id).first()
    if other is None:
        other = ServiceFactory(name=f"Tweede dienst {feedback.location.pk}")
        feedback.location.services.add(other)
    return other


# Allowed by the state, refused by the service for a reason of the dossier: both doors refuse.
REFUSED_INPUT = {("judge", "in_progress"): "no contact logged yet (LEGAL.md H1)"}


# --- 0. every action has both doors ---------------------------------------------------------


def missing_doors(actions: list[str]) -> list[str]:
    """The actions without a back-office URL or without an API route that accepts a POST."""
    missing = []
    for action in actions:
        doors = []
        try:
            web_url(action, Feedback(pk=1), {})
        except (KeyError, NoReverseMatch):
            doors.append("web")
        try:
            url, _ = api_url(action, Feedback(pk=1))
            view = resolve(url).func
            if "post" not in getattr(view, "actions", {}):
                doors.append("api")
        except (KeyError, Resolver404):
            doors.append("api")
        if doors:
            missing.append(f"{action}: no {' and no '.join(doors)} door")
    return missing


def test_every_action_has_both_doors():
    assert missing_doors(workflow.staff_actions()) == []
    assert set(workflow.staff_actions()) <= set(BODIES), "add a body for the new action"


def test_a_new_action_without_doors_is_reported(monkeypatch):
    fake = workflow.Transition(
        "fake_action", frozenset({Status.RECEIVED}), None, workflow.ALL_KINDS, "a test"
    )
    monkeypatch.setitem(workflow.TRANSITIONS, "fake_action", fake)
    assert "fake_action" in workflow.staff_actions()
    assert missing_doors(workflow.staff_actions()) == ["fake_action: no web and no api door"]
    # A web door alone is not enough.
    monkeypatch.setitem(WEB_ROUTE, "fake_action", ("note", None))
    assert missing_doors(workflow.staff_actions()) == ["fake_action: no api door"]


def test_the_api_route_table_points_at_real_endpoints():
    assert missing_doors(list(API_ROUTE)) == []
    assert resolve(f"{API_BASE}1/not_an_action/").func.__name__ != "FeedbackViewSet"


# --- 1. the same offer ----------------------------------------------------------------------


def offered_on_page(html: str, feedback_id: int) -> set[str]:
    """The actions the dossier page links to (or has a button for) on this dossier."""
    found = set()
    for path in LINK.findall(html):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        ours = match.namespace == "staff" and match.kwargs.get("feedback_id") == feedback_id
        if ours and match.url_name in WEB_ACTION:
            found.add(WEB_ACTION[match.url_name])
    return found


def test_page_and_api_offer_the_same_for_every_state_and_role():
    w = World()
    dossiers = {state: w.dossier(state) for state in STATES}
    seen: set[str] = set()
    for state, feedback in dossiers.items():
        for role in Role:
            page = w.web(role).get(reverse("staff:dossier", args=[feedback.pk]))
            detail = w.api(role).get(f"{API_BASE}{feedback.pk}/")
            where = (state, role)
            assert page.status_code == detail.status_code, where
            if page.status_code != 200:
                assert page.status_code in (403, 404), where
                continue
            core = workflow.actions_for(user=w.users[role], feedback=feedback)
            assert offered_on_page(page.content.decode(), feedback.pk) == core, where
            assert set(detail.json()["allowed_actions"]) == core, where
            seen |= core
    # The states above give every action a chance: none is left untested.
    assert seen == set(workflow.staff_actions())


# --- 2. the same refusals -------------------------------------------------------------------


def _refusal(response, *, api: bool) -> tuple[int, str]:
    if response.status_code != 409:
        return response.status_code, ""
    if api:
        return 409, response.json()["detail"]
    return 409, response.content.decode()


def _refused_alike(w: World, state: str, action: str, role: str, feedback: Feedback) -> int:
    body = BODIES[action](w, feedback)
    web = do_web(w.web(role), action, feedback, body)
    api = do_api(w.api(role), action, feedback, body)
    where = (state, action, role)
    assert web.status_code == api.status_code, (*where, api.content[:300])
    assert api.status_code in REFUSED, where
    if api.status_code == 409:
        reason = workflow.refusal(feedback, action)
        assert api.json()["detail"] == reason, where
        assert reason in web.content.decode(), where
    return api.status_code


@pytest.mark.parametrize("state", list(STATES))
def test_both_doors_refuse_alike(state):
    """Per action the state refuses: 409 with the same reason for the first role that may
    take it and sees the dossier, 404 for one that may but does not see it. The role's own
    refusal (403) does not depend on the state: every role, on the dossier in progress."""
    w = World()
    feedback = w.dossier(state)
    start = mark(feedback)
    for action in workflow.staff_actions():
        may = [r for r in Role if access.can(w.users[r], action)]
        sees = {r for r in Role if access.feedback_visible(w.users[r]).filter(pk=feedback.pk)}
        if workflow.refusal(feedback, action) is not None:
            role = next((r for r in may if r in sees), None)
            if role is not None:
                assert _refused_alike(w, state, action, role, feedback) == 409
        blind = next((r for r in may if r not in sees), None)
        if blind is not None:
            assert _refused_alike(w, state, action, blind, feedback) == 404
        if state == "in_progress":
            for role in Role:
                if role not in may:
                    assert _refused_alike(w, state, action, role, feedback) == 403
    assert footprint(feedback, since=start) == Footprint([], [], []), state


# --- 3. the same deeds ----------------------------------------------------------------------


@dataclass
class Twins:
    """Two dossiers in the same state: one for each door."""

    web: Feedback
    api: Feedback
    marks: tuple = field(default=())


def _do_both(w: World, action: str, core: str, twins: Twins, state: str) -> None:
    role = w.first_role(core, twins.web)
    assert role is not None
    assert w.first_role(core, twins.api) == role
    start = (mark(twins.web), mark(twins.api))
    web = do_web(w.web(role), action, twins.web, BODIES[action](w, twins.web))
    api = do_api(w.api(role), action, twins.api, BODIES[action](w, twins.api))
    where = (state, action, role)
    detail = api.content.decode()[:500]
    assert web_succeeded(web) == api_succeeded(api), (*where, web.status_code, detail)
    if (action, state) in REFUSED_INPUT:
        assert api.status_code == 400, where
    else:
        assert api_succeeded(api), (*where, detail)
    on_web = footprint(twins.web, since=start[0])
    on_api = footprint(twins.api, since=start[1])
    assert on_web == on_api, where
    if api_succeeded(api):
        fired = core in webhooks.EVENTS and not twins.web.is_restricted
        assert on_web.webhooks == ([core] if fired else []), where
    twins.web.refresh_from_db()
    twins.api.refresh_from_db()
    assert (twins.web.status, twins.web.closure_reason) == (
        twins.api.status,
        twins.api.closure_reason,
    ), where


@pytest.mark.parametrize("state", list(STATES))
def test_both_doors_leave_the_same_footprint(state):
    """Actions that keep the status run one after the other on one pair of twins; each action
    that moves the dossier gets fresh twins."""
    w = World()
    twins = Twins(w.dossier(state), w.dossier(state))
    allowed = set().union(
        *(workflow.actions_for(user=u, feedback=twins.web) for u in w.users.values())
    )
    keeping = [a for a in workflow.staff_actions() if workflow.TRANSITIONS[a].target is None]
    moving = [a for a in workflow.staff_actions() if workflow.TRANSITIONS[a].target is not None]
    done = []
    # measure_done last: it uses up the open measure its guard asks for.
    for action in sorted(keeping, key=lambda a: a == "measure_done"):
        if action in allowed and w.first_role(action, twins.web) is not None:
            _do_both(w, action, action, twins, state)
            done.append(action)
            if action == "escalation":  # and the end of the escalation just recorded
                _do_both(w, "escalation_end", "escalation", twins, state)
    for action in moving:
        if action in allowed and w.first_role(action, twins.web) is not None:
            _do_both(w, action, action, Twins(w.dossier(state), w.dossier(state)), state)
            done.append(action)
    assert done, state
