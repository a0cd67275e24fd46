"""Patterns in complaints: the one place that decides when an alert fires (issue 17).

Four rules, over complaints only (`counts_as_complaint`: registered as one or called one by the
parent, never an anonymous signal, LEGAL.md R6) and only over the dossiers the viewer may see
(`access.feedback_visible`), so an alert never names a dossier its reader may not open:

- ``subject``: a third complaint about the same category at one location within 60 days;
- ``quarter``: a location's complaints this quarter are unusual for its own past (Poisson);
- ``group``: the same children's group (structured field, never free text) in 3+ dossiers at
  one location within 90 days;
- ``late``: the two most recent complaints at a location whose term has ended were both
  answered late or not at all (terms of Wko 1.57b lid 2 sub d, Jeugdwet 4.2.1 lid 2 sub d,
  judged by `rules.answered_in_time` as the dashboard does).

Each query is fixed in number, whatever the number of dossiers. The page, the weekly mail and
the command call `alerts_for`, `alert_acknowledge`, `heat_map` and `digest_send`; none repeats a
rule.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import counts_as_complaint
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports.models import PatternAcknowledgement, PatternDigest

SUBJECT, QUARTER, GROUP, LATE = "subject", "quarter", "group", "late"
SUBJECT_DAYS, SUBJECT_COUNT = 60, 3
GROUP_DAYS, GROUP_COUNT = 90, 3
PAST_QUARTERS, LAMBDA_FLOOR, TAIL = 8, 0.25, 0.025
LATE_IN_A_ROW = 2


@dataclass(frozen=True)
class Dossier:
    pk: int
    reference: str


@dataclass
class Alert:
    rule: str
    location_id: int
    location: str
    category_id: int | None
    category: str  # the category's name, or "" when the rule is about the whole location
    subject: str  # what the rule is about beyond location and category (the group), or ""
    sentence: str
    dossiers: list[Dossier] = field(default_factory=list)
    acknowledgement: PatternAcknowledgement | None = None

    @property
    def key(self) -> str:
        raw = "|".join(
            [
                self.rule,
                str(self.location_id),
                str(self.category_id or ""),
                self.subject,
                ",".join(str(pk) for pk in sorted(d.pk for d in self.dossiers)),
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class _Row:
    pk: int
    reference: str
    location_id: int
    location: str
    category_id: int | None
    category: str
    received: date
    answered: date | None
    due: date | None
    groups: frozenset[str]


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _long(day: date) -> str:
    return date_format(day, "j F Y")


def _normalise(group: str) -> str:
    return " ".join(str(group).split()).casefold()


def quarter_start(day: date, back: int = 0) -> date:
    """The first day of `day`'s quarter, or of the quarter `back` quarters before it."""
    index = day.year * 4 + (day.month - 1) // 3 - back
    return date(index // 4, index % 4 * 3 + 1, 1)


def poisson_threshold(mean: float) -> int:
    """The smallest k with P(X >= k) <= 2.5% for X ~ Poisson(mean): k or more is unusual."""
    k, below, term = 0, 0.0, math.exp(-mean)  # below = P(X < k); term = P(X = k)
    while 1.0 - below > TAIL:
        below += term
        k += 1
        term *= mean / k
    return k


def _rows(user: User, since: date) -> list[_Row]:
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    rows = (
        access.feedback_visible(user)
        .filter(counts_as_complaint(), received_at__gte=start)
        .order_by("received_at", "pk")
        .values_list(
            "pk",
            "reference",
            "location_id",
            "location__name",
            "category_id",
            "category__name",
            "received_at",
            "answered_at",
            "answer_due",
            "extended_until",
            "children",
        )
    )
    result = []
    for pk, ref, loc, loc_name, cat, cat_name, received, answered, due, ext, children in rows:
        groups = frozenset(
            _normalise(child.get("group", ""))
            for child in (children or [])
            if isinstance(child, dict) and str(child.get("group", "")).strip()
        )
        result.append(
            _Row(
                pk,
                ref,
                loc,
                loc_name,
                cat,
                cat_name or "",
                _day(received),
                _day(answered),
                ext or due,
                groups,
            )
        )
    return result


def _cluster(rows: list[_Row], days: int) -> list[_Row]:
    """The complaints within `days` days up to the latest one (rows sorted by receipt)."""
    last = rows[-1].received
    return [r for r in rows if (last - r.received).days <= days]


def _dossiers(rows: Iterable[_Row]) -> list[Dossier]:
    return [Dossier(r.pk, r.reference) for r in rows]


def _subject_alerts(rows: list[_Row], today: date) -> list[Alert]:
    by_pair: dict[tuple[int, int], list[_Row]] = defaultdict(list)
    for row in rows:
        if row.category_id is not None:
            by_pair[(row.location_id, row.category_id)].append(row)
    alerts = []
    for group in by_pair.values():
        if (today - group[-1].received).days > SUBJECT_DAYS:
            continue  # nothing new within the window: no pattern now
        cluster = _cluster(group, SUBJECT_DAYS)
        if len(cluster) < SUBJECT_COUNT:
            continue
        first = cluster[0]
        sentence = _(
            "Bij %(location)s kwamen %(count)s klachten over ‘%(category)s’ binnen "
            "%(days)s dagen (van %(start)s tot %(end)s). Vanaf de derde klacht over hetzelfde "
            "onderwerp is dat een patroon."
        ) % {
            "location": first.location,
            "count": len(cluster),
            "category": first.category,
            "days": SUBJECT_DAYS,
            "start": _long(first.received),
            "end": _long(cluster[-1].received),
        }
        alerts.append(
            Alert(
                SUBJECT,
                first.location_id,
                first.location,
                first.category_id,
                first.category,
                "",
                sentence,
                _dossiers(cluster),
            )
        )
    return alerts


def _quarter_alerts(rows: list[_Row], today: date) -> list[Alert]:
    this_start = quarter_start(today)
    past_start = quarter_start(today, PAST_QUARTERS)
    past: dict[int, int] = defaultdict(int)
    now: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        if row.received >= this_start:
            now[row.location_id].append(row)
        elif row.received >= past_start:
            past[row.location_id] += 1
    alerts = []
    for location_id, current in now.items():
        mean = max(LAMBDA_FLOOR, past[location_id] / PAST_QUARTERS)
        threshold = poisson_threshold(mean)
        if len(current) < threshold:
            continue
        sentence = _(
            "%(location)s kreeg dit kwartaal %(count)s klachten. In de %(quarters)s kwartalen "
            "daarvoor was dat gemiddeld %(mean)s per kwartaal; %(threshold)s of meer is "
            "ongewoon (die kans is 2,5%% of kleiner)."
        ) % {
            "location": current[0].location,
            "count": len(current),
            "quarters": PAST_QUARTERS,
            "mean": number_format(round(mean, 2), decimal_pos=None),
            "threshold": threshold,
        }
        alerts.append(
            Alert(
                QUARTER,
                location_id,
                current[0].location,
                None,
                "",
                this_start.isoformat(),
                sentence,
                _dossiers(current),
            )
        )
    return alerts


def _group_alerts(rows: list[_Row], today: date) -> list[Alert]:
    """Children's groups from the structured `children` field only, never from free text."""
    by_group: dict[tuple[int, str], list[_Row]] = defaultdict(list)
    for row in rows:
        for group in row.groups:
            by_group[(row.location_id, group)].append(row)
    alerts = []
    for (location_id, group), found in by_group.items():
        if (today - found[-1].received).days > GROUP_DAYS:
            continue
        cluster = _cluster(found, GROUP_DAYS)
        if len(cluster) < GROUP_COUNT:
            continue
        sentence = _(
            "De groep ‘%(group)s’ van %(location)s staat in %(count)s klachten binnen "
            "%(days)s dagen (van %(start)s tot %(end)s)."
        ) % {
            "group": group,
            "location": cluster[0].location,
            "count": len(cluster),
            "days": GROUP_DAYS,
            "start": _long(cluster[0].received),
            "end": _long(cluster[-1].received),
        }
        alerts.append(
            Alert(
                GROUP,
                location_id,
                cluster[0].location,
                None,
                "",
                group,
                sentence,
                _dossiers(cluster),
            )
        )
    return alerts


def _late_alerts(rows: list[_Row], today: date) -> list[Alert]:
    """Both of the two latest ended terms missed: answered after the due day (the extension
    when there is one), or not answered while the due day has passed."""
    ended: dict[int, list[tuple[_Row, bool]]] = defaultdict(list)
    for row in rows:
        if row.due is None:
            continue
        if row.answered is not None:
            late = not rules.answered_in_time(due=row.due, answered_on=row.answered)
        elif row.due < today:
            late = True
        else:
            continue  # the term is still running
        ended[row.location_id].append((row, late))
    alerts = []
    for location_id, terms in ended.items():
        terms.sort(key=lambda t: (t[0].due, t[0].received, t[0].pk))
        last = terms[-LATE_IN_A_ROW:]
        if len(last) < LATE_IN_A_ROW or not all(late for _row, late in last):
            continue
        sentence = _(
            "Bij %(location)s is de termijn %(count)s keer na elkaar niet gehaald: bij de "
            "laatste %(count)s klachten waarvan de termijn voorbij is (uiterlijk %(dues)s)."
        ) % {
            "location": last[0][0].location,
            "count": LATE_IN_A_ROW,
            "dues": _(" en ").join(_long(row.due) for row, _late in last),
        }
        alerts.append(
            Alert(
                LATE,
                location_id,
                last[0][0].location,
                None,
                "",
                "",
                sentence,
                _dossiers(row for row, _late in last),
            )
        )
    return alerts


def alerts_for(user: User, *, today: date) -> list[Alert]:
    """Every alert over the complaints `user` may see, with its acknowledgement if any.

    Three queries whatever the number of dossiers: the complaints, the acknowledgements.
    """
    since = min(
        quarter_start(today, PAST_QUARTERS),
        today - timedelta(days=max(SUBJECT_DAYS, GROUP_DAYS) * 2),
    )
    rows = _rows(user, since)
    alerts = (
        _subject_alerts(rows, today)
        + _quarter_alerts(rows, today)
        + _group_alerts(rows, today)
        + _late_alerts(rows, today)
    )
    acks = {
        ack.key: ack
        for ack in PatternAcknowledgement.objects.filter(
            key__in=[a.key for a in alerts]
        ).select_related("by")
    }
    for alert in alerts:
        alert.acknowledgement = acks.get(alert.key)
    order = {SUBJECT: 0, QUARTER: 1, GROUP: 2, LATE: 3}
    alerts.sort(key=lambda a: (a.location, order[a.rule], a.category, a.subject))
    return alerts


@transaction.atomic
def alert_acknowledge(*, user: User, key: str, note: str, at: datetime) -> PatternAcknowledgement:
    """Mark an alert the user can see as dealt with; the note says what was done."""
    access.require(user, "dashboard")
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Schrijf kort op wat u met dit patroon heeft gedaan.")})
    if key not in {a.key for a in alerts_for(user, today=timezone.localdate(at))}:
        raise ValidationError(_("Dit patroon bestaat niet (meer)."))
    ack, _created = PatternAcknowledgement.objects.get_or_create(
        key=key, defaults={"note": note, "by": user, "at": at}
    )
    return ack


# --- Heat map ---------------------------------------------------------------------------------


@dataclass
class HeatMap:
    year: int
    categories: list[str]
    rows: list[tuple[str, list[tuple[int, int, str]]]]  # location, [(year, previous, css)]


def heat_map(user: User, *, year: int) -> HeatMap:
    """Complaints per location × category in `year`, with `year - 1` beside them; one query."""
    counts = (
        access.feedback_visible(user)
        .filter(counts_as_complaint(), received_at__year__in=[year, year - 1])
        .annotate(year=ExtractYear("received_at"))
        .values_list("location__name", "category__name", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    none = _("Nog geen categorie")
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for location, category, in_year, n in counts:
        table[(location, category or none)][0 if in_year == year else 1] += n
    locations = sorted({loc for loc, _cat in table})
    categories = sorted({cat for _loc, cat in table})
    top = max((v[0] for v in table.values()), default=0)

    def css(n: int) -> str:
        if n == 0 or top == 0:
            return "heat-0"
        return f"heat-{min(3, 1 + (3 * n - 1) // top)}"

    rows = [
        (
            loc,
            [
                (table[(loc, cat)][0], table[(loc, cat)][1], css(table[(loc, cat)][0]))
                for cat in categories
            ],
        )
        for loc in locations
    ]
    return HeatMap(year, categories, rows)


# --- Weekly mail ------------------------------------------------------------------------------


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@transaction.atomic
def digest_send(*, at: datetime) -> int:
    """Mail the open (not acknowledged) alerts to the quality lead, else the quality officers
    (`access.TOLD_PATTERNS`), at most once per ISO week; returns the mails queued.

    Each reader gets the alerts over the dossiers they may see. The mail holds no personal
    data: the rule's sentence, location, category and the dossiers' references only.
    """
    week = iso_week(timezone.localdate(at))
    _digest, created = PatternDigest.objects.select_for_update().get_or_create(
        week=week, defaults={"sent_at": at}
    )
    if not created:
        return 0
    today = timezone.localdate(at)
    queued = 0
    organisation = organisation_get()
    for email in access.recipients(access.TOLD_PATTERNS):
        reader = User.objects.filter(email__iexact=email, is_active=True).first()
        if reader is None:
            continue
        alerts = [a for a in alerts_for(reader, today=today) if a.acknowledgement is None]
        if not alerts:
            continue
        message_queue(
            kind="pattern_digest",
            to=email,
            context={
                "week": week,
                "alerts": [
                    {
                        "sentence": a.sentence,
                        "location": a.location,
                        "category": a.category,
                        "references": ", ".join(d.reference for d in a.dossiers),
                    }
                    for a in alerts
                ],
                "count": len(alerts),
                "summary": ngettext("%(n)s open patroon", "%(n)s open patronen", len(alerts))
                % {"n": len(alerts)},
                "organisation": organisation,
            },
        )
        queued += 1
    return queued
