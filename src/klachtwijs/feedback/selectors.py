"""Reads of dossiers for the back office: lists, counts and the handler's own page.

Every read starts from `access.feedback_visible(user)`, so role and location scope decide what
comes back. The lists join what their rows show (`select_related`) and compute the term in the
database, so a page runs the same number of queries for 1 row as for 1,000 (STYLE.md §6).
"""

import statistics
from collections.abc import Mapping
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from klachtwijs.core.cache import in_request, local_cached, version, version_replace
from klachtwijs.feedback import rules, workflow
from klachtwijs.feedback.figures import parent_answers
from klachtwijs.feedback.models import (
    Category,
    Feedback,
    Kind,
    Measure,
    Status,
    counts_as_complaint,
)
from klachtwijs.feedback.periods import Period
from klachtwijs.feedback.rules import SOON_DAYS
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Service, User

# The quick views of the overview (the `weergave` filter).
VIEW_TO_REGISTER = "te-registreren"
VIEW_DUE_SOON = "binnen-7-dagen"
VIEW_OVERDUE = "te-laat"
VIEW_OPEN = "open"

# Sort keys offered in the list: URL value -> ORM ordering (always made unique by pk).
SORTS: dict[str, tuple[str, ...]] = {
    "ontvangen": ("received_at",),
    "termijn": ("due_on",),
    "kenmerk": ("reference",),
    "vestiging": ("location__name",),
    "status": ("status",),
}
DEFAULT_SORT = "-ontvangen"
SEARCH_FIELDS = ("description", "desired_outcome", "reference", "report_summary")


def _open_q() -> Q:
    """Dossiers still waiting for an answer (the term runs)."""
    return Q(status__in=workflow.OPEN)


# The version of the small tables every list row shows (locations with their region, services,
# categories) and of the overview filter's choice lists: replaced when one of those, a user or
# a user's locations change (`reference_changed`, signals in feedback/apps.py).
REFERENCE = "feedback:reference"


def reference_changed(**_kwargs) -> None:
    """Signal receiver (feedback/apps.py): the reference rows in memory are stale."""
    version_replace(REFERENCE)


def _reference_rows() -> dict[str, dict[int, object]]:
    """Locations (with their region), services and categories by id, read once per process
    until one changes. Shared by every request: never change these objects."""

    def load() -> dict[str, dict[int, object]]:
        return {
            "location": {o.pk: o for o in Location.objects.select_related("region")},
            "service": {o.pk: o for o in Service.objects.all()},
            "category": {o.pk: o for o in Category.objects.all()},
        }

    return local_cached(REFERENCE, "rows", load)


def feedback_base(*, user: User) -> QuerySet[Feedback]:
    """The visible dossiers with what a list row shows, and `due_on` (the term that counts).

    In a request the row's location (with its region), service and category come from memory
    (`_reference_rows`) rather than from joins: PostgreSQL plans the list query with five joins
    in 7-10 ms at 1,000,000 dossiers and runs it in 0.3 ms; with one join (the handler) it
    plans in 0.25 ms (bench/analysis.md). Outside a request they are joined as before."""
    queryset = access.feedback_visible(user).annotate(
        due_on=Coalesce(F("extended_until"), F("answer_due"))
    )
    if not in_request():
        return queryset.select_related("location__region", "service", "category", "handler")
    queryset = queryset.select_related("handler")
    # Django's own mechanism for related objects it already holds: each row gets the object
    # of its id, unless a select_related of the caller loaded it.
    queryset._known_related_objects = {
        Feedback._meta.get_field(name): rows for name, rows in _reference_rows().items()
    }
    return queryset


def search_vector():
    """The Dutch text-search document of a dossier; migration 0004 indexes exactly this."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*SEARCH_FIELDS, config="dutch")


def _search(queryset: QuerySet[Feedback], text: str) -> QuerySet[Feedback]:
    """Full text in Dutch on PostgreSQL (GIN-indexed), or the exact reference; LIKE on SQLite."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(text, config="dutch", search_type="websearch")
        # The exact reference ("2025-0042") is a unique-index lookup; a LIKE on it would
        # force a scan of every row and stop PostgreSQL from using the search index.
        return queryset.alias(search=search_vector()).filter(Q(search=query) | Q(reference=text))
    match = Q()
    for field in SEARCH_FIELDS:
        match |= Q(**{f"{field}__icontains": text})
    return queryset.filter(match)


def _search_as(user: User, queryset: QuerySet[Feedback], text: str, today: date):
    """Search what `user` may read: who does not see personal data (management, issue 17.4)
    finds a dossier by its reference, and by its text only where granted the full view, so
    what a parent wrote (a child's name, say) cannot be found by searching for it."""
    full = access.full_view_ids(user, today=today)
    if full is None:
        return _search(queryset, text)
    granted = _search(queryset.filter(pk__in=full), text).values("pk")
    return queryset.filter(Q(reference=text) | Q(pk__in=granted))


def _quick_view(queryset: QuerySet[Feedback], view: str, today: date) -> QuerySet[Feedback]:
    if view == VIEW_TO_REGISTER:
        return queryset.filter(status=Status.RECEIVED)
    if view == VIEW_DUE_SOON:
        soon = today + timedelta(days=SOON_DAYS)
        return queryset.filter(_open_q(), due_on__gte=today, due_on__lte=soon)
    if view == VIEW_OVERDUE:
        return queryset.filter(_open_q(), due_on__lt=today)
    if view == VIEW_OPEN:
        return queryset.filter(_open_q())
    return queryset


def feedback_list(*, user: User, filters: Mapping[str, object], today: date) -> QuerySet[Feedback]:
    """The dossiers `user` may see, narrowed by `filters` (cleaned data of `FeedbackFilterForm`).

    Keys (all optional): kind, category, location, region, service, framework, status, handler,
    year, q (search text), weergave (quick view), sorteer (a key of SORTS, "-" for descending).
    """
    queryset = feedback_base(user=user)
    exact = {
        "kind": "kind",
        "category": "category",
        "location": "location",
        "region": "location__region",
        "service": "service",
        "framework": "framework",
        "status": "status",
        "handler": "handler",
        "year": "received_at__year",
    }
    for key, lookup in exact.items():
        value = filters.get(key)
        if value not in (None, ""):
            queryset = queryset.filter(**{lookup: value})
    if text := str(filters.get("q") or "").strip():
        queryset = _search_as(user, queryset, text, today)
    queryset = _quick_view(queryset, str(filters.get("weergave") or ""), today)
    return queryset.order_by(*feedback_ordering(str(filters.get("sorteer") or DEFAULT_SORT)))


def feedback_ordering(sort: str) -> tuple[str, ...]:
    """ORM ordering for a sort key such as "termijn" or "-ontvangen"; unknown keys fall back."""
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"))
    if fields is None:
        return ("-received_at", "-pk")
    prefix = "-" if descending else ""
    return (*(f"{prefix}{field}" for field in fields), f"{prefix}pk")


def feedback_counts(*, user: User, today: date) -> dict[str, int]:
    """The overview's counters in one query: to register, due within 7 days, overdue, open."""
    soon = today + timedelta(days=SOON_DAYS)
    open_q = _open_q()
    # Every counter is a subset of the open dossiers (about 2 % of all): filtering on them first
    # lets the database read only those through the (status, answer_due) index.
    return (
        feedback_base(user=user)
        .filter(open_q)
        .aggregate(
            to_register=Count("pk", filter=Q(status=Status.RECEIVED)),
            due_soon=Count("pk", filter=open_q & Q(due_on__gte=today, due_on__lte=soon)),
            overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
            open=Count("pk", filter=open_q),
        )
    )


def feedback_counts_by_location(*, user: User, today: date) -> list[dict[str, object]]:
    """Open and overdue dossiers per location, with its region, in one query."""
    return list(
        feedback_base(user=user)
        .filter(_open_q())
        .values("location__region__name", "location__name", "location_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
        )
        .order_by("location__region__name", "location__name")
    )


OVERVIEW = "feedback:overview"
OVERVIEW_SECONDS = 600


def overview_changed(**_kwargs) -> None:
    """Signal receiver (feedback/apps.py): a dossier or a handler's locations changed, so every
    cached overview summary is stale. Runs after the commit, so no request can cache figures
    that miss the change."""
    version_replace(OVERVIEW)


def overview_summary(*, user: User, today: date) -> dict[str, object]:
    """The overview's counters, open dossiers per location and the meldcode count.

    Over the open dossiers of a large organisation these three queries cost more than the
    rest of the page; they are cached per user and day until any dossier changes
    (`overview_changed`), so they are exact: in the shared cache (computed once for all
    workers) and in each process's memory (a page read again asks no query for them).
    """
    return local_cached(OVERVIEW, (user.pk, today), lambda: _overview_shared(user, today))


def _overview_shared(user: User, today: date) -> dict[str, object]:
    key = f"feedback:overview:{version(OVERVIEW)}:{user.pk}:{today.isoformat()}"
    summary = cache.get(key)
    if summary is None:
        summary = {
            "counts": feedback_counts(user=user, today=today),
            "by_location": feedback_counts_by_location(user=user, today=today),
            "restricted_count": restricted_count(user=user),
        }
        cache.set(key, summary, timeout=OVERVIEW_SECONDS)
    return summary


def restricted_count(*, user: User) -> int | None:
    """Open meldcode dossiers as a bare number, for staff who may not see them (LEGAL.md M4);
    over `access.feedback_counted`, so never the dossier about the viewer (M2)."""
    if access.can_see_restricted(user) or not access.can(user, "dashboard"):
        return None
    # `status IN (…)` rather than `status <> 'closed'`: the (status, answer_due) index serves it.
    not_closed = [s for s in Status if s != Status.CLOSED]
    return access.feedback_counted(user).filter(is_restricted=True, status__in=not_closed).count()


def feedback_mine(*, user: User) -> QuerySet[Feedback]:
    """The open dossiers assigned to `user`, the nearest term first."""
    return (
        feedback_base(user=user)
        .filter(handler=user)
        .exclude(status=Status.CLOSED)
        .order_by(F("due_on").asc(nulls_last=True), "received_at", "pk")
    )


def measures_mine(*, user: User) -> QuerySet[Measure]:
    """The unfinished measures `user` owns, in dossiers they may see; the earliest first."""
    return (
        Measure.objects.filter(
            owner=user, done_at__isnull=True, feedback__in=access.feedback_visible(user)
        )
        .select_related("feedback__location")
        .order_by("due_date", "pk")
    )


def dashboard_figures(*, user: User, period: Period) -> dict[str, object]:
    """The management dashboard's numbers over one period (`feedback.periods`), in three
    queries, all over the viewer's dossiers (`access.feedback_visible`).

    Received per month by kind, per category and per location (by date of receipt); the share of
    complaints answered within the term and the median lead time in days (by month answered);
    the measures put to parents in the period (by the day asked) and their answers, counted by
    `feedback.figures.parent_answers` as the annual report and the API count them (issue 16).
    """
    months = period.months
    span = (period.start, period.end)
    index = {m: i for i, m in enumerate(months)}
    kinds = {k.value: str(k.label) for k in Kind}
    by_kind = {label: [0] * len(months) for label in kinds.values()}
    by_category: dict[str, int] = {}
    by_location: dict[str, int] = {}
    received = access.feedback_visible(user).filter(received_at__date__range=span)
    for _pk, received_at, kind, category, location in received.values_list(
        "pk", "received_at", "kind", "category__name", "location__name"
    ):
        day = timezone.localdate(received_at)
        by_kind[kinds[kind]][index[day.replace(day=1)]] += 1
        category = category or "Nog geen categorie"
        by_category[category] = by_category.get(category, 0) + 1
        by_location[location] = by_location.get(location, 0) + 1

    answered = [[] for _ in months]
    in_time = [0] * len(months)
    rows = access.feedback_visible(user).filter(
        counts_as_complaint(), answered_at__date__range=span, answer_due__isnull=False
    )
    for _pk, received_at, answered_at, due, extended in rows.values_list(
        "pk", "received_at", "answered_at", "answer_due", "extended_until"
    ):
        day = timezone.localdate(answered_at)
        i = index[day.replace(day=1)]
        answered[i].append((day - timezone.localdate(received_at)).days)
        in_time[i] += rules.answered_in_time(due=extended or due, answered_on=day)
    measures_asked = Measure.objects.filter(
        feedback__in=access.feedback_visible(user), parent_asked_at__date__range=span
    )
    return {
        "months": months,
        "by_kind": by_kind,
        "by_category": sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_location": sorted(by_location.items(), key=lambda kv: (-kv[1], kv[0])),
        "answered": [len(a) for a in answered],
        "in_time_pct": [
            round(100 * t / len(a)) if a else None for t, a in zip(in_time, answered, strict=True)
        ],
        "lead_days": [round(statistics.median(a)) if a else None for a in answered],
        "parent_answers": parent_answers(measures_asked),
    }
