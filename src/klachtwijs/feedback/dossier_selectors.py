"""Reads for the dossier page: a fixed number of queries however long the timeline is.
Which actions the page offers is `workflow.actions_for`."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, Model, OuterRef, Prefetch, prefetch_related_objects

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import (
    Document,
    Event,
    Feedback,
    Judgment,
    Measure,
    MeldcodeStep,
    Situation,
    Status,
)
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User


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


#: The dossier's foreign keys joined when the dossier is read (`feedback_get`). Only these:
#: PostgreSQL plans a join of eight tables in about 3 ms (to run it takes 0.2 ms), three in
#: 0.4 ms; the people and the situation are read by `dossier_load` in one query each.
DOSSIER_RELATED = ("location__region", "service", "category")


def _people_attach(feedback: Feedback) -> None:
    """The handler, the employee concerned and the location's manager, in one query."""
    location = feedback.location
    ids = {feedback.handler_id, feedback.concerned_employee_id, location.manager_id} - {None}
    people = User.objects.in_bulk(ids) if ids else {}
    feedback.handler = people.get(feedback.handler_id)
    feedback.concerned_employee = people.get(feedback.concerned_employee_id)
    location.manager = people.get(location.manager_id)
    if feedback.situation_id is not None:
        feedback.situation = Situation.objects.filter(pk=feedback.situation_id).first()


#: The parts of a dossier that are often empty (a new dossier has only its first event), each
#: with how `dossier_load` reads it when it has rows.
PARTS = {
    "events": Prefetch("events", queryset=Event.objects.select_related("actor")),
    "documents": Prefetch("documents", queryset=Document.objects.select_related("created_by")),
    "judgments": "judgments",
    "measures": Prefetch("measures", queryset=Measure.objects.select_related("owner", "judgment")),
    "escalations": "escalations",
    "meldcode_steps": Prefetch(
        "meldcode_steps", queryset=MeldcodeStep.objects.select_related("by")
    ),
}


def dossier_parts() -> dict[str, Exists]:
    """Annotations for the dossier's own query (`access.feedback_get(annotate=...)`): which
    of `PARTS` have rows, as `has_<part>`. An index probe each, in the same round trip; an
    empty part then costs `dossier_load` no query at all."""
    field = Feedback._meta.get_field
    return {
        f"has_{name}": Exists(
            field(name).related_model.objects.filter(feedback_id=OuterRef("pk")).order_by()
        )
        for name in PARTS
    }


def _prefetched(instance: Model, name: str, rows: list) -> None:
    """Keep `rows` as what `instance.<name>.all()` returns, as `prefetch_related` does."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def dossier_load(feedback: Feedback) -> Feedback:
    """Fetch everything else the dossier page shows, in a fixed number of queries: the people
    in one, the situation when there is one, and one per part in `PARTS` that has rows.

    `feedback` comes from `access.feedback_get(..., related=DOSSIER_RELATED,
    annotate=dossier_parts())`; without the annotations every part is read.
    """
    _people_attach(feedback)
    lookups = []
    for name, lookup in PARTS.items():
        if getattr(feedback, f"has_{name}", True):
            lookups.append(lookup)
        else:
            _prefetched(feedback, name, [])
    prefetch_related_objects([feedback], *lookups)
    # A judgment's measures are the dossier's measures that name it (a measure is always of
    # its judgment's dossier: `feedback.services`), so they need no query of their own.
    measures = list(feedback.measures.all())
    for judgment in feedback.judgments.all():
        _prefetched(judgment, "measures", [m for m in measures if m.judgment_id == judgment.pk])
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
