"""What may happen to a dossier now: every action, moving or not, as data (DESIGN §3).

`TRANSITIONS` is the one table. Each row names the statuses an action may start from, the status
it leads to (None: the status stays, as for a contact or a note), the kinds of klantreactie it
applies to, why the edge exists, and at most one further condition on the dossier (a `Guard`)
with the Dutch reason it gives when the condition fails.

Every service asks `check()` before it changes anything. `actions_for()` is the one answer to
"which actions may this user take on this dossier now": this table intersected with what the
role may do (`organisation.access`). The web page, the API and every other door show and accept
exactly that set; nobody keeps a list of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import ClosureReason, Feedback, Kind, Status
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import User

S = Status
ALL_KINDS = frozenset(Kind)
ALL_STATUSES = frozenset(Status)
COMPLAINT = frozenset({Kind.COMPLAINT})
# A signal may reveal a suspicion of abuse; a complaint may too (LEGAL.md M1).
MELDCODE_KINDS = frozenset({Kind.COMPLAINT, Kind.SIGNAL})
OPEN = frozenset({S.RECEIVED, S.REGISTERED, S.IN_PROGRESS})
# Every status but the meldcode route: that route stops the ordinary procedure (LEGAL.md M4).
ORDINARY = ALL_STATUSES - {S.MELDCODE}
TEAM_KINDS = frozenset({Kind.COMPLIMENT, Kind.SUGGESTION})
# An anonymous signal has no complainant to answer, so it is never a complaint (Wko 1.57b,
# Jeugdwet 4.2.1): it stays a signal, which keeps it out of every term, judgment, extension
# and close-after-judgment row of the table below.
ANONYMOUS_KINDS = frozenset({Kind.SIGNAL})
ANONYMOUS_KIND = gettext_noop(
    "Een anonieme melding is een signaal, geen klacht. Zonder naam kunnen wij geen "
    "klacht behandelen."
)


def kind_refusal(*, kind: str, anonymous: bool) -> str | None:
    """The Dutch reason a dossier may not have (or be registered as) `kind`, or None.
    Asked by `feedback_receive` and `feedback_register`, so every door follows it."""
    if anonymous and kind not in ANONYMOUS_KINDS:
        return _(ANONYMOUS_KIND)
    return None


@dataclass(frozen=True)
class Guard:
    """A condition on the dossier beyond its kind and status, with the reason it refuses."""

    holds: Callable[[Feedback], bool]
    refusal: str  # gettext_noop: translated when shown


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[Status]
    target: Status | None  # None: the action keeps the status
    kinds: frozenset[Kind]
    why: str
    guard: Guard | None = None
    # Who takes this action: "staff" through a door with a signed-in user, "parent" through
    # the private status page (no account, so `actions_for` never offers it).
    by: str = "staff"

    def permits(self, kind: str, status: str) -> bool:
        return status in self.sources and kind in self.kinds


def _latest_judgment(feedback: Feedback):
    judgments = list(feedback.judgments.all())  # uses the page's prefetch when there is one
    return judgments[-1] if judgments else None


def _committee_judged(feedback: Feedback) -> bool:
    judgment = _latest_judgment(feedback)
    return judgment is not None and judgment.by_committee


def _committee_measures_told(feedback: Feedback) -> bool:
    """No committee judgment, or the complainant and the committee heard its measures."""
    judgment = _latest_judgment(feedback)
    return judgment is None or not judgment.by_committee or judgment.measures_told_at is not None


def _has_open_measure(feedback: Feedback) -> bool:
    return any(m.done_at is None for m in feedback.measures.all())


EXTENDABLE = Guard(
    lambda f: rules.may_extend(f.framework),
    gettext_noop("Onder de Wet kinderopvang mag de termijn niet worden verlengd."),
)
JEUGDWET = Guard(
    lambda f: f.framework == LegalFramework.JEUGDWET,
    gettext_noop("Een oordeel van de klachtencommissie hoort bij een klacht onder de Jeugdwet."),
)
NOT_MELDCODE_CLOSED = Guard(
    lambda f: f.closure_reason != ClosureReason.MELDCODE,
    gettext_noop("Een dossier uit de meldcoderoute kan niet worden heropend."),
)
COMMITTEE_JUDGED = Guard(
    _committee_judged,
    gettext_noop("Maatregelen achteraf kunnen alleen bij een oordeel van de commissie."),
)
MEASURES_TOLD = Guard(
    _committee_measures_told,
    gettext_noop(
        "Het dossier kan nog niet worden afgesloten. Laat de klager en de klachtencommissie "
        "eerst schriftelijk weten welke maatregelen u neemt (Jeugdwet 4.2.1 lid 5)."
    ),
)
OPEN_MEASURE = Guard(_has_open_measure, gettext_noop("Er is geen open maatregel."))

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        # --- moves --------------------------------------------------------------------
        Transition(
            "register",
            frozenset({S.RECEIVED}),
            S.REGISTERED,
            ALL_KINDS,
            "the quality officer checked kind, category, location and service",
        ),
        Transition(
            "assign",
            frozenset({S.REGISTERED, S.IN_PROGRESS}),
            S.IN_PROGRESS,
            ALL_KINDS,
            "a handler takes the dossier; assigning again hands it over",
        ),
        Transition(
            "judge",
            frozenset({S.IN_PROGRESS}),
            S.ANSWERED,
            COMPLAINT,
            "the written, reasoned judgment is sent (LEGAL.md H3)",
        ),
        Transition(
            "committee",
            frozenset({S.IN_PROGRESS}),
            S.ANSWERED,
            COMPLAINT,
            "the Jeugdwet complaints committee's judgment is sent (Jeugdwet 4.2.1)",
            JEUGDWET,
        ),
        Transition(
            "close",
            frozenset({S.ANSWERED}),
            S.CLOSED,
            COMPLAINT,
            "a judged complaint is officially closed; measures are still followed up; after a "
            "committee's judgment only once its measures were told (Jeugdwet 4.2.1 lid 5)",
            MEASURES_TOLD,
        ),
        Transition(
            "resolve",
            frozenset({S.REGISTERED, S.IN_PROGRESS}),
            S.CLOSED,
            ALL_KINDS,
            "closed without judgment: solved, not admissible, forwarded, or a suggestion, "
            "compliment or signal passed to the team (LEGAL.md H5)",
        ),
        Transition(
            "withdraw",
            OPEN | {S.ANSWERED},
            S.CLOSED,
            ALL_KINDS,
            "the parent withdraws the klantreactie",
        ),
        Transition(
            "start_meldcode",
            OPEN,
            S.MELDCODE,
            MELDCODE_KINDS,
            "a suspicion of abuse: the ordinary procedure stops (LEGAL.md M4)",
        ),
        Transition(
            "close_meldcode",
            frozenset({S.MELDCODE}),
            S.CLOSED,
            MELDCODE_KINDS,
            "the meldcode route has ended once its steps are recorded (LEGAL.md M1)",
        ),
        Transition(
            "reopen",
            frozenset({S.CLOSED}),
            S.IN_PROGRESS,
            ALL_KINDS,
            "new facts after closing; a meldcode route stays closed",
            NOT_MELDCODE_CLOSED,
        ),
        # --- actions that keep the status ---------------------------------------------
        Transition(
            "extend",
            frozenset({S.REGISTERED, S.IN_PROGRESS}),
            None,
            COMPLAINT,
            "only an unanswered complaint has a term to extend, never under the Wko "
            "(LEGAL.md T2); rules.extension_until decides how far",
            EXTENDABLE,
        ),
        Transition(
            "contact",
            frozenset({S.REGISTERED, S.IN_PROGRESS, S.ANSWERED}),
            None,
            ALL_KINDS,
            "the handler's investigation: contacts before and after the judgment (LEGAL.md H1)",
        ),
        Transition(
            "note",
            ALL_STATUSES,
            None,
            ALL_KINDS,
            "an internal note is always possible, also in the meldcode route",
        ),
        Transition(
            "message",
            ORDINARY,
            None,
            ALL_KINDS,
            "the parent is kept informed (LEGAL.md H2); not in the meldcode route (M4)",
        ),
        Transition(
            "situation",
            ORDINARY,
            None,
            ALL_KINDS,
            "klantreacties about one situation are linked, also after closing",
        ),
        Transition(
            "escalation",
            ORDINARY,
            None,
            ALL_KINDS,
            "escalations and disputes are recorded at any point, also after closing (DESIGN §3)",
        ),
        Transition(
            "correct_service",
            frozenset({S.REGISTERED, S.IN_PROGRESS, S.ANSWERED, S.CLOSED}),
            None,
            ALL_KINDS,
            "a wrong service is corrected explicitly and logged; the framework fixed at receipt "
            "is never read again from settings (LEGAL.md T4)",
        ),
        Transition(
            "report_texts",
            ORDINARY,
            None,
            ALL_KINDS,
            "the anonymised texts for the annual report's appendix (LEGAL.md R1)",
        ),
        Transition(
            "measure",
            frozenset({S.ANSWERED, S.CLOSED}),
            None,
            COMPLAINT,
            "the measures after a committee's judgment are told to the complainant and the "
            "committee in writing within a month (Jeugdwet 4.2.1 lid 5, LEGAL.md T3)",
            COMMITTEE_JUDGED,
        ),
        Transition(
            "measure_done",
            ORDINARY,
            None,
            ALL_KINDS,
            "measures are followed up until they are done, also after closing",
            OPEN_MEASURE,
        ),
        Transition(
            "share_team",
            frozenset({S.REGISTERED, S.IN_PROGRESS, S.CLOSED}),
            None,
            TEAM_KINDS,
            "a compliment or improvement point is passed to the location's team",
        ),
        Transition(
            "meldcode",
            frozenset({S.MELDCODE}),
            None,
            MELDCODE_KINDS,
            "the steps of the meldcode are recorded with moment and decision (LEGAL.md M1)",
        ),
        Transition(
            "meldcode_concerned",
            frozenset({S.MELDCODE}),
            None,
            MELDCODE_KINDS,
            "the employee a suspicion is about is named or changed during the route (LEGAL.md M2)",
        ),
        # --- the parent's own actions (private status page) ---------------------------
        Transition(
            "parent_info",
            ALL_STATUSES - {S.CLOSED},
            None,
            ALL_KINDS,
            "the parent adds information while the dossier is open",
            by="parent",
        ),
        Transition(
            "rate",
            frozenset({S.CLOSED}),
            None,
            ALL_KINDS,
            "the parent rates the handling after closing",
            by="parent",
        ),
        Transition(
            "measure_answer",
            frozenset({S.ANSWERED, S.CLOSED}),
            None,
            COMPLAINT,
            "the parent says whether a measure of the judgment happened (issue 16)",
            by="parent",
        ),
    ]
}

ILLEGAL = gettext_noop("Dit kan niet bij een %(kind)s met status ‘%(status)s’.")
UNKNOWN = gettext_noop("Onbekende handeling: %(action)s.")


def _transition(action: str) -> Transition:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_(UNKNOWN) % {"action": action}, code="unknown_action")
    return transition


def refusal(feedback: Feedback, action: str) -> str | None:
    """The Dutch reason `action` cannot happen to this dossier now, or None when it can."""
    transition = _transition(action)
    if not transition.permits(feedback.kind, feedback.status):
        return _(ILLEGAL) % {
            "kind": Kind(feedback.kind).label,
            "status": Status(feedback.status).label,
        }
    if transition.guard is not None and not transition.guard.holds(feedback):
        return _(transition.guard.refusal)
    return None


def check(feedback: Feedback, action: str) -> Transition:
    """Return the row for `action`, or raise a Dutch ValidationError if it may not happen now."""
    transition = _transition(action)
    reason = refusal(feedback, action)
    if reason is not None:
        code = "illegal_transition" if transition.guard is None else "guard"
        raise ValidationError(reason, code=code)
    return transition


def allowed(feedback: Feedback) -> set[str]:
    """Every action the table allows on this dossier now, whoever takes it."""
    return {a for a in TRANSITIONS if refusal(feedback, a) is None}


def actions_for(*, user: User, feedback: Feedback) -> set[str]:
    """THE answer to "what may this user do to this dossier now": what the table allows,
    intersected with what the role may do (`access.can`). The caller got `feedback` through
    `access.feedback_get`, so it is in the user's scope."""
    return {
        t.action
        for t in TRANSITIONS.values()
        if t.by == "staff"
        and access.can(user, t.action)
        and t.permits(feedback.kind, feedback.status)
        and (t.guard is None or t.guard.holds(feedback))
    }


# The usual next step per status, most usual first: the dossier page shows the first one
# `actions_for` offers as its primary action and groups the rest (a product choice, not a rule:
# every offered action stays available).
PRIMARY_ACTIONS: dict[str, tuple[str, ...]] = {
    S.RECEIVED: ("register",),
    S.REGISTERED: ("assign", "share_team", "resolve"),
    S.IN_PROGRESS: ("judge", "share_team", "resolve"),
    S.ANSWERED: ("close", "measure"),
    S.MELDCODE: ("meldcode", "close_meldcode"),
    S.CLOSED: (),
}

# How every list and page shows a status: its label from `Status`, its badge tone from here.
STATUS_TONE: dict[str, str] = {
    S.RECEIVED: "new",
    S.REGISTERED: "todo",
    S.IN_PROGRESS: "busy",
    S.ANSWERED: "done",
    S.MELDCODE: "alert",
    S.CLOSED: "closed",
}


def primary_action(*, status: str, offered: set[str]) -> str | None:
    """The action the dossier page puts first for a dossier in `status`, among `offered`
    (`actions_for`); None when the state has no usual next step the user may take."""
    return next((a for a in PRIMARY_ACTIONS.get(status, ()) if a in offered), None)


def staff_actions() -> list[str]:
    """The actions a signed-in user can take on a dossier (for doors that enumerate them)."""
    return [t.action for t in TRANSITIONS.values() if t.by == "staff"]
