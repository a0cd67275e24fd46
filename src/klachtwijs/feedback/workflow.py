"""The dossier's life as data: which action may move a dossier from which status to which.

This table is the only place that says which status may follow which (DESIGN §3). The services
in `services.py` call `check()` before they change anything; the views ask `allowed_actions()`
to offer only what the state allows.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klachtwijs.feedback.models import Kind, Status

ALL_KINDS = frozenset(Kind)
COMPLAINT = frozenset({Kind.COMPLAINT})
# A signal may reveal a suspicion of abuse; a complaint may too (LEGAL.md M1).
MELDCODE_KINDS = frozenset({Kind.COMPLAINT, Kind.SIGNAL})
OPEN = frozenset({Status.RECEIVED, Status.REGISTERED, Status.IN_PROGRESS})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[Status]
    target: Status | None  # None: the action keeps the status (e.g. extending the term)
    kinds: frozenset[Kind]
    why: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "register",
            frozenset({Status.RECEIVED}),
            Status.REGISTERED,
            ALL_KINDS,
            "the quality officer checked kind, category, location and service",
        ),
        Transition(
            "assign",
            frozenset({Status.REGISTERED, Status.IN_PROGRESS}),
            Status.IN_PROGRESS,
            ALL_KINDS,
            "a handler takes the dossier; assigning again hands it over",
        ),
        Transition(
            "extend",
            frozenset({Status.REGISTERED, Status.IN_PROGRESS}),
            None,
            COMPLAINT,
            "only an unanswered complaint has a term to extend; rules.py decides if it may",
        ),
        Transition(
            "judge",
            frozenset({Status.IN_PROGRESS}),
            Status.ANSWERED,
            COMPLAINT,
            "the written, reasoned judgment is sent (LEGAL.md H3)",
        ),
        Transition(
            "close",
            frozenset({Status.ANSWERED}),
            Status.CLOSED,
            COMPLAINT,
            "a judged complaint is officially closed; measures are still followed up",
        ),
        Transition(
            "resolve",
            frozenset({Status.REGISTERED, Status.IN_PROGRESS}),
            Status.CLOSED,
            ALL_KINDS,
            "closed without judgment: solved, not admissible, forwarded, or a suggestion, "
            "compliment or signal passed to the team (LEGAL.md H5)",
        ),
        Transition(
            "withdraw",
            OPEN | {Status.ANSWERED},
            Status.CLOSED,
            ALL_KINDS,
            "the parent withdraws the klantreactie",
        ),
        Transition(
            "start_meldcode",
            OPEN,
            Status.MELDCODE,
            MELDCODE_KINDS,
            "a suspicion of abuse: the ordinary procedure stops (LEGAL.md M4)",
        ),
        Transition(
            "close_meldcode",
            frozenset({Status.MELDCODE}),
            Status.CLOSED,
            MELDCODE_KINDS,
            "the meldcode route has ended",
        ),
        Transition(
            "reopen",
            frozenset({Status.CLOSED}),
            Status.IN_PROGRESS,
            ALL_KINDS,
            "new facts after closing; the dossier needs a handler's work again",
        ),
    ]
}

ILLEGAL = gettext_noop("Dit kan niet bij een %(kind)s met status ‘%(status)s’.")
UNKNOWN = gettext_noop("Onbekende handeling: %(action)s.")


def check(kind: str, status: str, action: str) -> Transition:
    """Return the transition for `action`, or raise a Dutch ValidationError if not allowed."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_(UNKNOWN) % {"action": action}, code="unknown_action")
    if status not in transition.sources or kind not in transition.kinds:
        raise ValidationError(
            _(ILLEGAL) % {"kind": Kind(kind).label, "status": Status(status).label},
            code="illegal_transition",
        )
    return transition


def allowed_actions(kind: str, status: str) -> list[str]:
    """The actions the table allows for a dossier of this kind in this status."""
    return [t.action for t in TRANSITIONS.values() if status in t.sources and kind in t.kinds]
