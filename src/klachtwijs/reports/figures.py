"""The report's figures: pure aggregation, a fixed number of queries for any number of dossiers.

The database does the counting (at a million dossiers no dossier comes to Python): each query
is one grouped pass with conditional aggregates (`Count(filter=Q(...))`), and Python only adds
up the groups, whose number depends on the organisation (kinds, categories, locations,
services), never on the number of dossiers. The year is the calendar year of `received_at` in
local time (LEGAL.md R1). Meldcode dossiers are only counted (M4).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from klachtwijs.feedback.figures import ParentAnswers, parent_answer_counts
from klachtwijs.feedback.models import (
    Category,
    Escalation,
    Feedback,
    Judgment,
    Kind,
    Measure,
    counts_as_complaint,
)
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Service

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
    # Anonymous signals: no complaints (Wko 1.57b, Jeugdwet 4.2.1), counted apart and in no
    # other count of the year (`Feedback.is_anonymous`, issue 16).
    anonymous: int = 0
    # Every klantreactie the parent called a complaint, or registered as one (LEGAL.md R6) …
    complaints: int = 0
    # … of which the parent called a complaint and we registered as another kind.
    complaints_other_kind: int = 0
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
    # Issue 16: the measures put to the parent ("Is dit gebeurd?") and their answers,
    # counted as the dashboard counts them (`feedback.figures`).
    parent_answers: ParentAnswers = field(default_factory=ParentAnswers)
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


def _in_scope(scope: Scope, via: str = "") -> Q:
    """The dossiers of a scope, meldcode dossiers included; `via` reaches them from a related
    model ("feedback__"), so a measure or judgment joins its dossier instead of `IN (…)`."""
    start, end = year_bounds(scope.year)
    q = Q(**{f"{via}received_at__gte": start, f"{via}received_at__lt": end})
    if scope.region_id is not None:
        q &= Q(**{f"{via}location__region_id": scope.region_id})
    if scope.jeugdwet:
        q &= Q(**{f"{via}framework": LegalFramework.JEUGDWET})
    return q


def _complaints_in_scope(scope: Scope, via: str = "") -> Q:
    """The complaints of a scope, without meldcode dossiers: what the parent called a complaint
    counts as one, whatever it was registered as (LEGAL.md R6)."""
    return _in_scope(scope, via) & counts_as_complaint(via) & Q(**{f"{via}is_restricted": False})


def _year_dossiers(scope: Scope) -> QuerySet[Feedback]:
    """All dossiers of a scope, meldcode dossiers included."""
    return Feedback.objects.filter(_in_scope(scope))


def scope_dossiers(scope: Scope, *, restricted: bool = False) -> QuerySet[Feedback]:
    """The dossiers of a scope; meldcode dossiers only when asked (they are only counted)."""
    return _year_dossiers(scope).filter(is_restricted=restricted)


def _latest_judgments(scope: Scope) -> QuerySet[Judgment]:
    """The latest judgment (highest `decided_on`, then `pk`) of each complaint in scope: the
    judgments with no later one, which PostgreSQL runs as one anti-join."""
    later = Judgment.objects.filter(feedback_id=OuterRef("feedback_id")).filter(
        Q(decided_on__gt=OuterRef("decided_on"))
        | Q(decided_on=OuterRef("decided_on"), pk__gt=OuterRef("pk"))
    )
    return Judgment.objects.filter(_complaints_in_scope(scope, "feedback__")).filter(~Exists(later))


def _name(value: str | None) -> str:
    return value if value is not None else ""


def _add(counts: dict[str, int], key: str, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def _lead_time() -> ExpressionWrapper:
    """Days from the local date of receipt to the local date of the answer."""
    return ExpressionWrapper(
        TruncDate("answered_at") - TruncDate("received_at"), output_field=DurationField()
    )


def _in_time() -> Q:
    """Answered on or before the due date (the extension when there is one)."""
    return Q(answered_on__lte=F("due_on"))


def _answered_complaints(dossiers: QuerySet[Feedback]) -> QuerySet[Feedback]:
    return dossiers.filter(counts_as_complaint(), answered_at__isnull=False).annotate(
        answered_on=TruncDate("answered_at"), due_on=Coalesce("extended_until", "answer_due")
    )


def year_figures(scope: Scope) -> YearFigures:
    """All figures of one year in seven queries, for any number of dossiers.

    1. one pass over the year's dossiers, grouped by the ids of (meldcode, kind, category,
       location, service) — at most kinds × categories × locations × their services groups
       (1,683 in the benchmark's 40 locations), whatever the number of dossiers — with the
       committee count as a conditional aggregate; 2. the names behind those ids;
    3. the answered complaints grouped by lead time in days (median, longest, in time);
    4. the latest judgment per complaint, grouped by outcome;
    5. measures (with the parents' answers about them), 6. escalations by body, 7. disputes.
    """
    figures = YearFigures(year=scope.year)
    _fold_dossiers(figures, scope)
    _fold_lead_times(figures, scope_dossiers(scope))
    outcomes = (
        _latest_judgments(scope)
        .order_by()
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    figures.by_outcome = dict(outcomes)
    measures = Measure.objects.filter(_complaints_in_scope(scope, "feedback__")).aggregate(
        n=Count("pk"),
        on_time=Count("pk", filter=Q(done_at__lte=F("due_date"))),
        **parent_answer_counts(),
    )
    figures.measures, figures.measures_on_time = measures["n"], measures["on_time"]
    figures.parent_answers = ParentAnswers.of(measures)
    escalations = (
        Escalation.objects.filter(_in_scope(scope, "feedback__"), feedback__is_restricted=False)
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values_list("body", "n")
    )
    figures.by_escalation = dict(escalations)
    figures.disputes = disputes_of_year(scope).count()
    return figures


def _fold_dossiers(figures: YearFigures, scope: Scope) -> None:
    """Queries 1 and 2: counts per kind, category, location and service, meldcode and committee."""
    # "Reached a committee" (R6): an escalation to a committee body or a committee's judgment.
    # As `IN (subquery)` PostgreSQL hashes each subquery once instead of probing per dossier.
    committee = Q(
        pk__in=Escalation.objects.filter(body__in=COMMITTEE_BODIES).values("feedback_id")
    ) | Q(pk__in=Judgment.objects.filter(by_committee=True).values("feedback_id"))
    # Grouped by ids, not names: no joins, and small integers hash faster than text.
    keys = ("is_restricted", "is_anonymous", "kind", "category_id", "location_id", "service_id")
    rows = list(
        _year_dossiers(scope)
        .order_by()
        .values(*keys)
        .annotate(
            n=Count("*"),
            complaints=_count(counts_as_complaint()),
            committee=_count(counts_as_complaint() & committee),
        )
        .values_list(*keys, "n", "complaints", "committee")
    )
    names = _names()
    for row in rows:
        restricted, anonymous, kind, category_id, location_id, service_id = row[:6]
        n, complaints, committee_n = row[6:]
        category = names.get(("category", category_id))
        location = names.get(("location", location_id))
        service = names.get(("service", service_id))
        if restricted:  # meldcode dossiers are only counted (M4)
            figures.meldcode += n
            continue
        if anonymous:  # counted apart, never as a klantreactie or complaint (issue 16)
            figures.anonymous += n
            continue
        figures.total += n
        _add(figures.by_kind, kind, n)
        _add(figures.by_category, _name(category), n)
        _add(figures.by_location, _name(location), n)
        _add(figures.by_service, _name(service), n)
        figures.reached_committee += committee_n
        figures.complaints += complaints
        if kind != Kind.COMPLAINT:
            figures.complaints_other_kind += complaints


def _count(condition: Q) -> Count:
    """COUNT(1) FILTER (…): counts rows without reading a column (Count("*") takes no filter)."""
    return Count(Value(1), filter=condition)


def _names() -> dict[tuple[str, int], str]:
    """The names of all categories, locations and services, in one small query."""
    parts = [
        model.objects.annotate(table=Value(table)).values_list("table", "pk", "name").order_by()
        for table, model in (("category", Category), ("location", Location), ("service", Service))
    ]
    rows = parts[0].union(*parts[1:], all=True)
    return {(table, pk): name for table, pk, name in rows}


def _quarter_bounds(year: int) -> list[tuple[datetime, datetime]]:
    """The four quarters of a year, in local time, as [start, end) pairs."""
    starts = [
        timezone.make_aware(datetime.combine(date(year, month, 1), time.min))
        for month in (1, 4, 7, 10)
    ]
    return list(zip(starts, [*starts[1:], year_bounds(year)[1]], strict=True))


def _per_quarter(year: int, condition: Q | None = None) -> dict[str, Count]:
    """One conditional count per quarter ("q1" … "q4"): cheaper than grouping by the
    quarter of every dossier's local time."""
    counts = {}
    for quarter, (start, end) in enumerate(_quarter_bounds(year), 1):
        in_quarter = Q(received_at__gte=start, received_at__lt=end)
        counts[f"q{quarter}"] = _count(in_quarter & (condition or Q()))
    return counts


def _fold_lead_times(figures: YearFigures, dossiers: QuerySet[Feedback]) -> None:
    """Query 3: answered complaints per lead time in days; the median comes from these
    counts, exactly as PERCENTILE_CONT(0.5) or `statistics.median` would give it."""
    rows = list(
        _answered_complaints(dossiers)
        .annotate(lead=_lead_time())
        .order_by()
        .values("lead")
        .annotate(n=Count("*"), in_time=_count(_in_time()))
        .values_list("lead", "n", "in_time")
    )
    histogram = sorted((lead / timedelta(days=1), n) for lead, n, _ in rows)
    figures.answered = sum(n for _, n in histogram)
    figures.answered_in_time = sum(in_time for _, _, in_time in rows)
    if histogram:
        figures.longest_days = int(histogram[-1][0])
        figures.median_days = round(_median_of_counts(histogram, figures.answered), 1)


def _median_of_counts(histogram: list[tuple[float, int]], size: int) -> float:
    """The median of `size` values given as sorted (value, count) pairs."""
    middle = [(size - 1) // 2, size // 2]  # the same index twice when `size` is odd
    values, seen = [], 0
    for value, n in histogram:
        while middle and middle[0] < seen + n:
            values.append(value)
            middle.pop(0)
        seen += n
    return (values[0] + values[1]) / 2


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
    complaints = scope_dossiers(scope).filter(counts_as_complaint())
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
        _latest_judgments(scope)
        .order_by()
        .values("feedback__location__name", "outcome")
        .annotate(n=Count("pk"))
        .values_list("feedback__location__name", "outcome", "n")
    )
    for location, outcome, n in rows:
        part(location).outcomes[outcome] = n
    measures = (
        Measure.objects.filter(_complaints_in_scope(scope, "feedback__"))
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
        .order_by()
        .values("kind")
        .annotate(**_per_quarter(scope.year))
        .values_list("kind", "q1", "q2", "q3", "q4")
    )
    quarters: dict[int, dict[str, int]] = {q: {} for q in range(1, 5)}
    for kind, *counts in rows:
        for quarter, n in enumerate(counts, 1):
            if n:
                quarters[quarter][kind] = n
    return quarters


def quarter_terms(scope: Scope) -> dict[int, tuple[int, int]]:
    """Per quarter: answered complaints and those answered within the term."""
    answered = _per_quarter(scope.year)
    in_time = {
        f"{key}_in_time": count for key, count in _per_quarter(scope.year, _in_time()).items()
    }
    totals = _answered_complaints(scope_dossiers(scope)).aggregate(**answered, **in_time)
    return {q: (totals[f"q{q}"], totals[f"q{q}_in_time"]) for q in range(1, 5)}
