"""The transition table as a whole matrix: every action from every status for every kind."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import Kind, Status

S, K = Status, Kind
ALL = set(Kind)
# (action, from-statuses, to-status, kinds): the table we mean to have, written out again.
EXPECTED = {
    "register": ({S.RECEIVED}, S.REGISTERED, ALL),
    "assign": ({S.REGISTERED, S.IN_PROGRESS}, S.IN_PROGRESS, ALL),
    "extend": ({S.REGISTERED, S.IN_PROGRESS}, None, {K.COMPLAINT}),
    "judge": ({S.IN_PROGRESS}, S.ANSWERED, {K.COMPLAINT}),
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
}


def test_table_has_exactly_the_expected_actions():
    assert set(workflow.TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    list(itertools.product(EXPECTED, Status, Kind)),
)
def test_every_cell_of_the_matrix(action, status, kind):
    sources, target, kinds = EXPECTED[action]
    if status in sources and kind in kinds:
        assert workflow.check(kind, status, action).target == target
        assert action in workflow.allowed_actions(kind, status)
    else:
        with pytest.raises(ValidationError) as exc:
            workflow.check(kind, status, action)
        assert "Dit kan niet" in exc.value.messages[0]
        assert action not in workflow.allowed_actions(kind, status)


def test_unknown_action_is_refused():
    with pytest.raises(ValidationError, match="Onbekende handeling"):
        workflow.check(Kind.COMPLAINT, Status.RECEIVED, "teleport")


def test_closed_is_reachable_only_by_closing_actions():
    closing = {a for a, t in workflow.TRANSITIONS.items() if t.target == Status.CLOSED}
    assert closing == {"close", "resolve", "withdraw", "close_meldcode"}


def test_every_edge_says_why():
    assert all(t.why for t in workflow.TRANSITIONS.values())
