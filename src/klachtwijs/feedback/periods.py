"""The periods the dashboard can show, each with a title that says exactly what it covers.

A period is named by a short key that fits a URL (`?periode=2025-K3`): "dit-jaar" (1 January up to
and including today), "12-maanden" (the first day of the month eleven months ago up to and
including today: twelve calendar months, this one still running), a year ("2025") or a quarter
("2025-K3"). Only periods that have begun can be chosen; a past year or quarter ends on its last
day, the current one today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

DEFAULT = "12-maanden"
YEARS_BACK = 3
_YEAR = re.compile(r"(?P<year>\d{4})")
_QUARTER = re.compile(r"(?P<year>\d{4})-K(?P<quarter>[1-4])")


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date
    name: str

    @property
    def months(self) -> list[date]:
        """The first day of each month the period touches, oldest first."""
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = (current + timedelta(days=32)).replace(day=1)
        return months

    @property
    def title(self) -> str:
        """What the page says it shows: the name and the exact first and last day."""
        return _("%(name)s: van %(start)s tot en met %(end)s") % {
            "name": self.name,
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def _quarter_end(year: int, quarter: int) -> date:
    return (_quarter_start(year, quarter) + timedelta(days=95)).replace(day=1) - timedelta(days=1)


def period_get(key: str, *, today: date) -> Period | None:
    """The period a key names, ending no later than today; None if it names none that began."""
    if key == "dit-jaar":
        return Period(key, date(today.year, 1, 1), today, _("Dit jaar"))
    if key == "12-maanden":
        month, year = today.month - 11, today.year
        if month < 1:
            month, year = month + 12, year - 1
        return Period(key, date(year, month, 1), today, _("De afgelopen 12 maanden"))
    if match := _QUARTER.fullmatch(key):
        year, quarter = int(match["year"]), int(match["quarter"])
        start = _quarter_start(year, quarter)
        if start > today or year < today.year - YEARS_BACK:
            return None
        name = _("Kwartaal %(quarter)s van %(year)s") % {"quarter": quarter, "year": year}
        return Period(key, start, min(_quarter_end(year, quarter), today), name)
    if match := _YEAR.fullmatch(key):
        year = int(match["year"])
        if not today.year - YEARS_BACK <= year <= today.year:
            return None
        return Period(key, date(year, 1, 1), min(date(year, 12, 31), today), str(year))
    return None


def period_choices(*, today: date) -> list[tuple[str, str]]:
    """Every period that can be chosen, as (key, name): the rolling ones, then years, quarters."""
    keys = ["12-maanden", "dit-jaar"]
    for year in range(today.year, today.year - YEARS_BACK - 1, -1):
        keys.append(str(year))
    for year in range(today.year, today.year - 2, -1):
        keys.extend(f"{year}-K{q}" for q in range(4, 0, -1))
    periods = (period_get(key, today=today) for key in keys)
    return [(p.key, p.name) for p in periods if p is not None]
