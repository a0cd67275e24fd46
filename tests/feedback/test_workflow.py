"""The action table as a whole matrix: every action from every status for every kind, and the
guards that depend on the dossier beyond its kind and status."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import ClosureReason, Feedback, Kind, Status
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework

S, K = Status, Kind
ALL = set(Kind)
EVERY = set(Status)
ORDINARY = EVERY - {S.MELDCODE}
# (action, from-statuses, to-status, kinds): the table we mean to have, written out again.
EXPECTED = {
    "register": ({S.RECEIVED}, S.REGISTERED, ALL),
    "assign": ({S.REGISTERED, S.IN_PROGRESS}, S.IN_PROGRESS, ALL),
    "judge": ({S.IN_PROGRESS}, S.ANSWERED, {K.COMPLAINT}),
    "committee": ({S.IN_PROGRESS}, S.ANSWERED, {K.COMPLAINT}),
    "close": ({S.ANSWERED}, S.CLOSED, {K.COMPLAINT}),
    "resolve": ({S.REGISTERED, S.IN_PROGRESS}, S.CLOSED, ALL),
    "withdraw": ({S.RECEIVED, S.REGISTERED, S.IN_PROGRESS, S.ANSWERED}, S.CLOSED, ALL),
    "start_meldcode": (
        {S.RECEIVED, S.REGISTERED, S.IN_PROGRESS},
        S.MELDCODE,
        {K.COMPLAINT, K.SIGNAL},
    ),
    "close_meldcode": ({S.MELDCODE}, S.CLOSED, {K.COMPLAINT, K.SIGNAL}),
    "reopen": ({S.CLOSED}, S.IN_PROGRESS, ALL),
    "extend": ({S.REGISTERED, S.IN_PROGRESS}, None, {K.COMPLAINT}),
    "contact": ({S.REGISTERED, S.IN_PROGRESS, S.ANSWERED}, None, ALL),
    "note": (EVERY, None, ALL),
    "message": (ORDINARY, None, ALL),
    "situation": (ORDINARY, None, ALL),
    "escalation": (ORDINARY, None, ALL),
    "report_texts": (ORDINARY, None, ALL),
    "correct_service": ({S.REGISTERED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED}, None, ALL),
    "measure": ({S.ANSWERED, S.CLOSED}, None, {K.COMPLAINT}),
    "measure_done": (ORDINARY, None, ALL),
    "share_team": ({S.REGISTERED, S.IN_PROGRESS, S.CLOSED}, None, {K.COMPLIMENT, K.SUGGESTION}),
    "meldcode": ({S.MELDCODE}, None, {K.COMPLAINT, K.SIGNAL}),
    "meldcode_concerned": ({S.MELDCODE}, None, {K.COMPLAINT, K.SIGNAL}),
    "parent_info": (EVERY - {S.CLOSED}, None, ALL),
    "rate": ({S.CLOSED}, None, ALL),
    "measure_answer": ({S.ANSWERED, S.CLOSED}, None, {K.COMPLAINT}),
}
GUARDED = {"committee", "reopen", "extend", "measure", "measure_done", "close"}


def test_table_has_exactly_the_expected_actions():
    assert set(workflow.TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    list(itertools.product(EXPECTED, Status, Kind)),
)
def test_every_cell_of_the_matrix(action, status, kind):
    sources, target, kinds = EXPECTED[action]
    transition = workflow.TRANSITIONS[action]
    assert transition.target == target
    assert transition.permits(kind, status) == (status in sources and kind in kinds)
    if action in GUARDED:
        return  # the guard reads the dossier's judgments and measures: tested below
    feedback = Feedback(kind=kind, status=status, framework=LegalFramework.WKKGZ)
    if status in sources and kind in kinds:
        assert workflow.check(feedback, action) is transition
        assert workflow.refusal(feedback, action) is None
    else:
        with pytest.raises(ValidationError) as exc:
            workflow.check(feedback, action)
        assert "Dit kan niet" in exc.value.messages[0]
        assert workflow.refusal(feedback, action) == exc.value.messages[0]


def _unsaved(framework=LegalFramework.WKO, **fields) -> Feedback:
    return Feedback(kind=Kind.COMPLAINT, framework=framework, **fields)


@pytest.mark.parametrize(
    ("framework", "allowed"),
    [(LegalFramework.WKO, False), (LegalFramework.WKKGZ, True), (LegalFramework.JEUGDWET, True)],
)
def test_extend_is_never_possible_under_the_wet_kinderopvang(framework, allowed):
    feedback = _unsaved(framework, status=S.IN_PROGRESS)
    assert (workflow.refusal(feedback, "extend") is None) == allowed
    if not allowed:
        assert "Wet kinderopvang" in workflow.refusal(feedback, "extend")


@pytest.mark.parametrize("framework", list(LegalFramework))
def test_committee_judgment_only_under_the_jeugdwet(framework):
    feedback = _unsaved(framework, status=S.IN_PROGRESS)
    assert (workflow.refusal(feedback, "committee") is None) == (
        framework == LegalFramework.JEUGDWET
    )


def test_a_closed_meldcode_route_is_never_reopened():
    assert (
        workflow.refusal(_unsaved(status=S.CLOSED, closure_reason=ClosureReason.SOLVED), "reopen")
        is None
    )
    refusal = workflow.refusal(
        _unsaved(status=S.CLOSED, closure_reason=ClosureReason.MELDCODE), "reopen"
    )
    assert "meldcoderoute" in refusal


def test_unknown_action_is_refused():
    with pytest.raises(ValidationError, match="Onbekende handeling"):
        workflow.check(_unsaved(status=S.RECEIVED), "teleport")


def test_closed_is_reachable_only_by_closing_actions():
    closing = {a for a, t in workflow.TRANSITIONS.items() if t.target == Status.CLOSED}
    assert closing == {"close", "resolve", "withdraw", "close_meldcode"}


def test_every_edge_says_why():
    assert all(t.why for t in workflow.TRANSITIONS.values())


def test_every_staff_action_has_its_roles_in_the_permission_module():
    """`actions_for` intersects the table with `access.ACTIONS`: an action missing there
    would silently be offered to nobody."""
    assert set(workflow.staff_actions()) <= set(access.ACTIONS)


def test_parent_actions_are_never_offered_to_staff():
    parent = {a for a, t in workflow.TRANSITIONS.items() if t.by == "parent"}
    assert parent == {"parent_info", "rate", "measure_answer"}
    assert not parent & set(workflow.staff_actions())
