"""Reads for the dossier page: a fixed number of queries however long the timeline is, and
which actions the page offers (the state allows it and the role may do it)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klachtwijs.feedback import rules, workflow
from klachtwijs.feedback.models import (
    ClosureReason,
    Document,
    Event,
    Feedback,
    Judgment,
    Kind,
    Measure,
    MeldcodeStep,
    Status,
)
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import User

# Actions that do not move the status, with the statuses they make sense in.
# The meldcode route stops the ordinary procedure (LEGAL.md M4): only notes and its own steps.
ORDINARY = frozenset(
    {Status.RECEIVED, Status.REGISTERED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED}
)
TIMELINE_ACTIONS: dict[str, frozenset[str]] = {
    "contact": frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.ANSWERED}),
    "note": frozenset(Status),
    "message": ORDINARY,
    "situation": ORDINARY,
    "escalation": ORDINARY,
    "report_texts": ORDINARY,
    "meldcode": frozenset({Status.MELDCODE}),
    "share_team": frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.CLOSED}),
}
REFUSED = gettext_noop("Dit kan nu niet bij deze klantreactie (status ‘%(status)s’).")


def _state_allows(feedback: Feedback, judgment: Judgment | None) -> set[str]:
    allowed = set(workflow.allowed_actions(feedback.kind, feedback.status))
    if "extend" in allowed and not rules.may_extend(feedback.framework):
        allowed.discard("extend")  # never under the Wet kinderopvang (rules.py)
    if "reopen" in allowed and feedback.closure_reason == ClosureReason.MELDCODE:
        allowed.discard("reopen")
    if "judge" in allowed and feedback.framework == LegalFramework.JEUGDWET:
        allowed.add("committee")
    allowed |= {a for a, statuses in TIMELINE_ACTIONS.items() if feedback.status in statuses}
    if feedback.kind not in (Kind.COMPLIMENT, Kind.SUGGESTION):
        allowed.discard("share_team")
    if judgment is not None and judgment.sent_at is None:
        allowed.add("send_judgment")
    if judgment is not None and judgment.by_committee and feedback.status != Status.MELDCODE:
        allowed.add("measure")
    return allowed


# Actions the page offers that are checked against another entry of access.ACTIONS.
ACCESS_NAME = {"send_judgment": "judge"}


def dossier_actions(*, user: User, feedback: Feedback) -> set[str]:
    """What this user may do to this dossier now: what the state allows, intersected with
    what the role may do (`access.can`)."""
    judgment = latest_judgment(feedback)
    return {a for a in _state_allows(feedback, judgment) if access.can(user, ACCESS_NAME.get(a, a))}


def refusal(*, feedback: Feedback, action: str) -> str:
    """The Dutch reason an action is not possible in this state."""
    if action == "extend" and not rules.may_extend(feedback.framework):
        return _("Onder de Wet kinderopvang mag de termijn niet worden verlengd.")
    if action in workflow.TRANSITIONS:
        try:
            workflow.check(feedback.kind, feedback.status, action)
        except ValidationError as exc:
            return exc.messages[0]
    return _(REFUSED) % {"status": Status(feedback.status).label}


def latest_judgment(feedback: Feedback) -> Judgment | None:
    """The dossier's most recent judgment; uses the prefetched list when there is one."""
    judgments = list(feedback.judgments.all())
    return judgments[-1] if judgments else None


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "event" or "document"
    event: Event | None = None
    document: Document | None = None


@dataclass(frozen=True)
class Term:
    due: date | None
    days_left: int | None
    colour: str

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left and self.days_left < 0 else 0


#: The dossier's foreign keys the page shows, joined when the dossier is read (`feedback_get`).
DOSSIER_RELATED = (
    "location__manager",
    "location__region",
    "service",
    "category",
    "handler",
    "concerned_employee",
    "situation",
)


def dossier_load(feedback: Feedback) -> Feedback:
    """Fetch everything else the dossier page shows, in a fixed number of queries.

    `feedback` comes from `access.feedback_get(..., related=DOSSIER_RELATED)`.
    """
    prefetch_related_objects(
        [feedback],
        Prefetch("events", queryset=Event.objects.select_related("actor")),
        Prefetch("documents", queryset=Document.objects.select_related("created_by")),
        Prefetch(
            "judgments",
            queryset=Judgment.objects.prefetch_related(
                Prefetch("measures", queryset=Measure.objects.select_related("owner"))
            ),
        ),
        Prefetch("measures", queryset=Measure.objects.select_related("owner", "judgment")),
        "escalations",
        Prefetch("meldcode_steps", queryset=MeldcodeStep.objects.select_related("by")),
    )
    return feedback


def situation_members(feedback: Feedback, *, user: User) -> list[Feedback]:
    """The other klantreacties in the same situation that the user may see (one query)."""
    if not feedback.situation_id:
        return []
    return list(
        access.feedback_visible(user)
        .filter(situation_id=feedback.situation_id)
        .exclude(pk=feedback.pk)
        .select_related("location")
    )


def timeline(feedback: Feedback) -> list[TimelineEntry]:
    """Events and documents in one list, oldest first (uses the prefetched rows)."""
    entries = [TimelineEntry(at=e.at, kind="event", event=e) for e in feedback.events.all()]
    entries += [
        TimelineEntry(at=d.created_at, kind="document", document=d)
        for d in feedback.documents.all()
    ]
    return sorted(entries, key=lambda entry: entry.at)


def term(feedback: Feedback, *, today: date) -> Term:
    """The answer term with days left and its colour (rules.days_left, rules.term_colour)."""
    due = feedback.due
    if due is None or feedback.status in (Status.ANSWERED, Status.CLOSED, Status.MELDCODE):
        return Term(due=due, days_left=None, colour=rules.term_colour(None))
    left = rules.days_left(due, today)
    return Term(due=due, days_left=left, colour=rules.term_colour(left))
