"""The report's figures: pure aggregation, a fixed number of queries for any number of dossiers.

Every figure is a `values().annotate(Count)` or a conditional aggregate, so the database does
the counting (at a million dossiers no row comes to Python). The year is the calendar year of
`received_at` in local time (LEGAL.md R1). Meldcode dossiers are only counted (M4).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, ExtractQuarter, TruncDate
from django.utils import timezone

from klachtwijs.feedback.models import Escalation, Feedback, Judgment, Kind, Measure
from klachtwijs.organisation.frameworks import LegalFramework

#: Bodies whose involvement counts as "reached a committee or the Geschillencommissie" (R6).
COMMITTEE_BODIES = frozenset(
    {
        Escalation.Body.COMMITTEE,
        Escalation.Body.GESCHILLENCOMMISSIE,
        Escalation.Body.WKKGZ_DISPUTES,
    }
)


@dataclass(frozen=True)
class Scope:
    """Which dossiers a report covers: a year, perhaps one region, the Wko or Jeugdwet report."""

    year: int
    region_id: int | None = None
    jeugdwet: bool = False

    def previous(self) -> "Scope":
        return Scope(year=self.year - 1, region_id=self.region_id, jeugdwet=self.jeugdwet)


@dataclass
class YearFigures:
    """The counts of one year; dicts map a value (kind, category name, …) to a count."""

    year: int
    total: int = 0
    meldcode: int = 0
    complaints: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_location: dict[str, int] = field(default_factory=dict)
    by_service: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_escalation: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    answered_in_time: int = 0
    median_days: float | None = None
    longest_days: int | None = None
    measures: int = 0
    measures_on_time: int = 0
    reached_committee: int = 0
    disputes: int = 0

    @property
    def in_time_share(self) -> float | None:
        """Share (0–100) of answered complaints answered within the legal term."""
        return round(100 * self.answered_in_time / self.answered, 1) if self.answered else None

    @property
    def measures_on_time_share(self) -> float | None:
        return round(100 * self.measures_on_time / self.measures, 1) if self.measures else None


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """1 January 00:00 up to (not including) the next 1 January, in local time."""
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return start, end


def scope_dossiers(scope: Scope, *, restricted: bool = False) -> QuerySet[Feedback]:
    """The dossiers of a scope; meldcode dossiers only when asked (they are only counted)."""
    start, end = year_bounds(scope.year)
    qs = Feedback.objects.filter(received_at__gte=start, received_at__lt=end)
    qs = qs.filter(is_restricted=restricted)
    if scope.region_id is not None:
        qs = qs.filter(location__region_id=scope.region_id)
    if scope.jeugdwet:
        qs = qs.filter(framework=LegalFramework.JEUGDWET)
    return qs


def latest_outcome() -> Subquery:
    """The outcome of a dossier's latest judgment (a reopened dossier may have several)."""
    judgments = Judgment.objects.filter(feedback=OuterRef("pk")).order_by("-decided_on", "-pk")
    return Subquery(judgments.values("outcome")[:1])


class _Median(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5): the median computed in the database."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _counts(qs: QuerySet, key: str) -> dict[str, int]:
    rows = qs.order_by().values(key).annotate(n=Count("pk")).values_list(key, "n")
    return {(value if value is not None else ""): n for value, n in rows}


def _lead_time() -> ExpressionWrapper:
    """Days from the local date of receipt to the local date of the answer."""
    return ExpressionWrapper(
        TruncDate("answered_at") - TruncDate("received_at"), output_field=DurationField()
    )


def year_figures(scope: Scope) -> YearFigures:
    """All figures of one year in a fixed number of queries (12, for any number of dossiers)."""
    dossiers = scope_dossiers(scope)
    complaints = dossiers.filter(kind=Kind.COMPLAINT)
    figures = YearFigures(year=scope.year)
    figures.meldcode = scope_dossiers(scope, restricted=True).count()
    figures.by_kind = _counts(dossiers, "kind")
    figures.total = sum(figures.by_kind.values())
    figures.complaints = figures.by_kind.get(Kind.COMPLAINT, 0)
    figures.by_category = _counts(dossiers, "category__name")
    figures.by_location = _counts(dossiers, "location__name")
    figures.by_service = _counts(dossiers, "service__name")
    figures.by_outcome = _counts(
        complaints.annotate(outcome=latest_outcome()).exclude(outcome=None), "outcome"
    )
    answered = complaints.filter(answered_at__isnull=False).annotate(
        answered_on=TruncDate("answered_at"), due_on=Coalesce("extended_until", "answer_due")
    )
    terms = answered.aggregate(
        n=Count("pk"),
        in_time=Count("pk", filter=Q(answered_on__lte=F("due_on"))),
        longest=Max(_lead_time()),
    )
    figures.answered, figures.answered_in_time = terms["n"], terms["in_time"]
    if terms["longest"] is not None:
        figures.longest_days = terms["longest"].days
        figures.median_days = _median_days(answered)
    measures = Measure.objects.filter(feedback__in=complaints).aggregate(
        n=Count("pk"), on_time=Count("pk", filter=Q(done_at__lte=F("due_date")))
    )
    figures.measures, figures.measures_on_time = measures["n"], measures["on_time"]
    escalations = Escalation.objects.filter(feedback__in=dossiers)
    figures.by_escalation = _counts(escalations, "body")
    figures.reached_committee = (
        complaints.filter(
            Q(escalations__body__in=COMMITTEE_BODIES) | Q(judgments__by_committee=True)
        )
        .values("pk")
        .distinct()
        .count()
    )
    figures.disputes = disputes_of_year(scope).count()
    return figures


def _median_days(answered: QuerySet) -> float:
    """Median lead time in days: in the database on PostgreSQL, else one list of durations."""
    if connection.vendor == "postgresql":
        value = answered.aggregate(m=_Median(_lead_time()))["m"]
    else:
        durations = answered.annotate(lead=_lead_time()).values_list("lead", flat=True)
        value = median(durations)
    return round(value / timedelta(days=1), 1)


def disputes_of_year(scope: Scope) -> QuerySet[Escalation]:
    """Disputes (Geschillencommissie, Wkkgz disputes body) started in the year (R1)."""
    start, end = year_bounds(scope.year)
    qs = Escalation.objects.filter(
        body__in=Escalation.DISPUTE_BODIES,
        started_on__gte=start.date(),
        started_on__lt=end.date(),
        feedback__is_restricted=False,
    )
    if scope.region_id is not None:
        qs = qs.filter(feedback__location__region_id=scope.region_id)
    if scope.jeugdwet:
        qs = qs.filter(feedback__framework=LegalFramework.JEUGDWET)
    return qs.select_related("feedback")


@dataclass
class LocationFigures:
    """Per location (R1): number and nature of complaints, tenor of judgments, measures."""

    name: str
    complaints: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    measures: int = 0
    measures_done: int = 0


def location_figures(scope: Scope) -> list[LocationFigures]:
    """Three queries, whatever the number of locations or dossiers."""
    complaints = scope_dossiers(scope).filter(kind=Kind.COMPLAINT)
    parts: dict[str, LocationFigures] = {}

    def part(name: str) -> LocationFigures:
        return parts.setdefault(name, LocationFigures(name=name))

    rows = (
        complaints.order_by()
        .values("location__name", "category__name")
        .annotate(n=Count("pk"))
        .values_list("location__name", "category__name", "n")
    )
    for location, category, n in rows:
        part(location).complaints += n
        part(location).categories[category or "zonder categorie"] = n
    rows = (
        complaints.annotate(outcome=latest_outcome())
        .exclude(outcome=None)
        .order_by()
        .values("location__name", "outcome")
        .annotate(n=Count("pk"))
        .values_list("location__name", "outcome", "n")
    )
    for location, outcome, n in rows:
        part(location).outcomes[outcome] = n
    measures = (
        Measure.objects.filter(feedback__in=complaints)
        .order_by()
        .values("feedback__location__name")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False)))
        .values_list("feedback__location__name", "n", "done")
    )
    for location, n, done in measures:
        part(location).measures, part(location).measures_done = n, done
    return [parts[name] for name in sorted(parts)]


def quarter_figures(scope: Scope) -> dict[int, dict[str, int]]:
    """Counts per quarter and kind, for the client panel: numbers only, never text."""
    rows = (
        scope_dossiers(scope)
        .annotate(quarter=ExtractQuarter("received_at"))
        .order_by()
        .values("quarter", "kind")
        .annotate(n=Count("pk"))
        .values_list("quarter", "kind", "n")
    )
    quarters: dict[int, dict[str, int]] = {q: {} for q in range(1, 5)}
    for quarter, kind, n in rows:
        quarters[quarter][kind] = n
    return quarters


def quarter_terms(scope: Scope) -> dict[int, tuple[int, int]]:
    """Per quarter: answered complaints and those answered within the term."""
    rows = (
        scope_dossiers(scope)
        .filter(kind=Kind.COMPLAINT, answered_at__isnull=False)
        .annotate(
            quarter=ExtractQuarter("received_at"),
            answered_on=TruncDate("answered_at"),
            due_on=Coalesce("extended_until", "answer_due"),
        )
        .order_by()
        .values("quarter")
        .annotate(n=Count("pk"), in_time=Count("pk", filter=Q(answered_on__lte=F("due_on"))))
        .values_list("quarter", "n", "in_time")
    )
    result = dict.fromkeys(range(1, 5), (0, 0))
    for quarter, n, in_time in rows:
        result[quarter] = (n, in_time)
    return result
