"""Pure legal rules for complaint terms (see LEGAL.md and docs/legal-rules.md).

Everything here is a plain function of its arguments: no database, no clock. "Today" is always
passed in by the caller. Terms are data constants at the top of the module so they can be read
and checked against the law in one place.

Sources (consolidated texts on wetten.overheid.nl):
- Wet kinderopvang (Wko, BWBR0017017) art. 1.57b
- Jeugdwet (BWBR0034925) art. 4.2.1, 4.3.2
- Wkkgz (BWBR0037173) art. 17
- Algemene termijnenwet (Atw, BWBR0002448) art. 1 and 3
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta

from django.utils.translation import gettext as _

from klachtwijs.organisation.frameworks import LegalFramework

__all__ = [
    "ANSWER_TERM",
    "COMMITTEE_MEASURES_MONTHS",
    "DEFAULT_JEUGDWET_TERM_WEEKS",
    "REPORT_DEADLINE_DAY",
    "REPORT_DEADLINE_MONTH",
    "REPORT_REMINDER_DAY",
    "REPORT_REMINDER_MONTH",
    "SOON_DAYS",
    "TERM_COLOUR_NONE",
    "TERM_COLOUR_OK",
    "TERM_COLOUR_OVERDUE",
    "TERM_COLOUR_SOON",
    "WKKGZ_MAX_EXTENSION",
    "LegalFramework",
    "RuleViolation",
    "answer_due",
    "answered_in_time",
    "atw_extend",
    "committee_measures_due",
    "days_left",
    "easter_sunday",
    "effective_due",
    "extension_until",
    "general_holidays",
    "is_overdue",
    "is_rest_day",
    "may_extend",
    "report_due",
    "report_reminder_starts",
    "term_colour",
]

# --- Terms (data) ---------------------------------------------------------------------------

#: Wko art. 1.57b lid 2 sub d and Wkkgz art. 17 lid 1: at the latest six weeks after receipt.
ANSWER_TERM: timedelta = timedelta(weeks=6)

#: Wkkgz art. 17 lid 2: one extension of at most four weeks.
WKKGZ_MAX_EXTENSION: timedelta = timedelta(weeks=4)

#: Jeugdwet art. 4.2.1: the organisation's own regulation sets the term; six weeks is common.
DEFAULT_JEUGDWET_TERM_WEEKS: int = 6

#: Jeugdwet art. 4.2.1 lid 5: measures after the committee's judgment within one month.
COMMITTEE_MEASURES_MONTHS: int = 1

#: Wko art. 1.57b lid 8, Jeugdwet art. 4.3.2: the annual report goes out before 1 June.
REPORT_DEADLINE_MONTH: int = 5
REPORT_DEADLINE_DAY: int = 31

#: Product choice (not law): start reminding about the annual report on 1 May.
REPORT_REMINDER_MONTH: int = 5
REPORT_REMINDER_DAY: int = 1

#: Product choice (not law): a term with at most this many days left is shown as "soon".
SOON_DAYS: int = 7

TERM_COLOUR_OK = "ok"
TERM_COLOUR_SOON = "soon"
TERM_COLOUR_OVERDUE = "overdue"
TERM_COLOUR_NONE = "none"

#: Atw art. 3 lid 1: Koningsdag is 27 April, or 26 April when the 27th is a Sunday.
_KINGS_DAY_MONTH = 4
_KINGS_DAY = 27
_SUNDAY = 6  # date.weekday()
_SATURDAY = 5

#: Easter offsets (days) of the movable general holidays (Atw art. 3).
_GOOD_FRIDAY = -2
_EASTER_MONDAY = 1
_ASCENSION_DAY = 39
_WHIT_MONDAY = 50


class RuleViolation(Exception):
    """A legal rule forbids the requested action.

    ``message`` is a Dutch, B1-level sentence that can be shown to the user as is. ``code`` is a
    short stable identifier for programs and tests.
    """

    def __init__(self, message: str, *, code: str = "rule_violation") -> None:
        super().__init__(message)
        self.message: str = message
        self.code: str = code

    def __str__(self) -> str:
        return self.message


def _framework(framework: LegalFramework | str) -> LegalFramework:
    """Accept a LegalFramework member or its stored string value ("wko", ...)."""
    return LegalFramework(framework)


# --- Algemene termijnenwet --------------------------------------------------------------------


def easter_sunday(year: int) -> date:
    """Return Easter Sunday of a Gregorian year (anonymous Gregorian / Meeus algorithm).

    Needed for the movable general holidays of the Algemene termijnenwet art. 3 lid 1
    (Goede Vrijdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag).
    """
    if year < 1583:
        raise ValueError("The Gregorian Easter computation starts in 1583.")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _kings_day(year: int) -> date:
    """Koningsdag: 27 April, 26 April when the 27th is a Sunday (Atw art. 3 lid 1)."""
    day = date(year, _KINGS_DAY_MONTH, _KINGS_DAY)
    if day.weekday() == _SUNDAY:
        return day - timedelta(days=1)
    return day


@functools.lru_cache(maxsize=64)
def general_holidays(year: int) -> frozenset[date]:
    """Return the general holidays (algemeen erkende feestdagen) of a year.

    Source: Algemene termijnenwet art. 3: Nieuwjaarsdag, Goede Vrijdag, Tweede Paasdag,
    Koningsdag (27 April; 26 April when the 27th is a Sunday), 5 mei (every year),
    Hemelvaartsdag, Tweede Pinksterdag, Eerste en Tweede Kerstdag. Easter Sunday and Whit
    Sunday are left out: they are Sundays, so ``is_rest_day`` covers them anyway.
    """
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=_GOOD_FRIDAY),
            easter + timedelta(days=_EASTER_MONDAY),
            _kings_day(year),
            date(year, 5, 5),
            easter + timedelta(days=_ASCENSION_DAY),
            easter + timedelta(days=_WHIT_MONDAY),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_rest_day(d: date) -> bool:
    """Return True for a Saturday, a Sunday or a general holiday.

    Source: Algemene termijnenwet art. 1 lid 1 and art. 3.
    """
    return d.weekday() in (_SATURDAY, _SUNDAY) or d in general_holidays(d.year)


def atw_extend(d: date) -> date:
    """Move the last day of a statutory term off a rest day.

    Source: Algemene termijnenwet art. 1 lid 1: a term set by law that ends on a Saturday,
    Sunday or general holiday is extended to the next day that is none of these.
    """
    while is_rest_day(d):
        d += timedelta(days=1)
    return d


# --- Answer term ------------------------------------------------------------------------------


def answer_due(
    *,
    framework: LegalFramework | str,
    received_on: date,
    jeugdwet_term_weeks: int = DEFAULT_JEUGDWET_TERM_WEEKS,
) -> date:
    """Return the last day on which the complaint must be answered.

    The term counts from the day the complaint was received in writing (LEGAL T1).

    - Wko: six weeks, Wko art. 1.57b lid 2 sub d; moved off rest days by the Algemene
      termijnenwet art. 1 en 3.
    - Wkkgz: six weeks, Wkkgz art. 17 lid 1; moved by the Algemene termijnenwet art. 1 en 3.
    - Jeugdwet: the term in the organisation's own regulation (Jeugdwet art. 4.2.1 lid 2 sub d).
      Not moved: the Algemene termijnenwet only covers terms set by law (LEGAL T2).

    The result is meant to be stored on the dossier when decided (LEGAL T4).
    """
    fw = _framework(framework)
    if fw is LegalFramework.JEUGDWET:
        if jeugdwet_term_weeks < 1:
            raise ValueError("The Jeugdwet answer term must be at least one week.")
        return received_on + timedelta(weeks=jeugdwet_term_weeks)
    return atw_extend(received_on + ANSWER_TERM)


def may_extend(framework: LegalFramework | str) -> bool:
    """Return whether the answer term can be extended at all under this framework.

    - Wko: never (Wko art. 1.57b lid 2 sub d has no extension).
    - Wkkgz: once, at most four weeks (Wkkgz art. 17 lid 2).
    - Jeugdwet: with a reasoned notice and a new term (Jeugdwet art. 4.2.1 lid 2 sub d).
    """
    return _framework(framework) is not LegalFramework.WKO


def extension_until(
    *,
    framework: LegalFramework | str,
    answer_due: date,
    requested_until: date,
    today: date,
    already_extended: bool,
    reason: str,
) -> date:
    """Validate an extension of the answer term and return the new last day.

    ``answer_due`` is the date that is due now (for a repeated Jeugdwet notice: the current
    extended date). Raises ``RuleViolation`` with a Dutch message when the law does not allow it.

    - Wko: refused; Wko art. 1.57b lid 2 sub d has no extension.
    - Wkkgz art. 17 lid 2: only once; announced in writing before the six weeks end
      (``today <= answer_due``); with a reason; the new date after ``answer_due`` and at most
      four weeks later (that cap moved off a rest day by Algemene termijnenwet art. 1 en 3).
    - Jeugdwet art. 4.2.1 lid 2 sub d: a reasoned notice naming a new term later than the
      current due date (and not in the past); may be repeated, no statutory cap.
    """
    fw = _framework(framework)
    if fw is LegalFramework.WKO:
        raise RuleViolation(
            _("Onder de Wet kinderopvang mag de termijn niet worden verlengd."),
            code="no_extension_wko",
        )

    if fw is LegalFramework.WKKGZ:
        if already_extended:
            raise RuleViolation(
                _("Onder de Wkkgz mag de termijn maar één keer worden verlengd."),
                code="already_extended",
            )
        if today > answer_due:
            raise RuleViolation(
                _(
                    "De termijn is al voorbij. "
                    "U moet een verlenging melden vóór de termijn afloopt."
                ),
                code="term_expired",
            )

    if not reason or not reason.strip():
        raise RuleViolation(
            _("Geef een reden voor de verlenging. De klager krijgt die reden te lezen."),
            code="reason_required",
        )
    if requested_until <= answer_due:
        raise RuleViolation(
            _("De nieuwe datum moet na de huidige einddatum liggen."),
            code="not_after_due",
        )

    if fw is LegalFramework.WKKGZ:
        cap = atw_extend(answer_due + WKKGZ_MAX_EXTENSION)
        if requested_until > cap:
            raise RuleViolation(
                _(
                    "Onder de Wkkgz mag u de termijn met hoogstens 4 weken verlengen. "
                    "De laatste mogelijke datum is %(date)s."
                )
                % {"date": cap.strftime("%d-%m-%Y")},
                code="beyond_cap",
            )
    elif requested_until < today:
        raise RuleViolation(
            _("De nieuwe datum mag niet in het verleden liggen."),
            code="in_the_past",
        )
    return requested_until


def effective_due(answer_due: date | None, extended_until: date | None) -> date | None:
    """Return the date that counts now: the extended date when set, else the answer date.

    Source: Wkkgz art. 17 lid 2, Jeugdwet art. 4.2.1 lid 2 sub d (an extension replaces the
    original term); both dates are stored on the dossier (LEGAL T4).
    """
    if extended_until is not None:
        return extended_until
    return answer_due


# --- Committee measures (Jeugdwet) ------------------------------------------------------------


def _add_months(d: date, months: int) -> date:
    """Add calendar months, clamping to the last day of a shorter month."""
    month_index = d.month - 1 + months
    year, month0 = divmod(month_index, 12)
    year += d.year
    month = month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def committee_measures_due(decided_on: date) -> date:
    """Return the last day to tell which measures follow the committee's judgment.

    Source: Jeugdwet art. 4.2.1 lid 5: within one month after the complaints committee's
    judgment the provider informs the complainant and the committee in writing. One calendar
    month, clamped to the end of a shorter month (31 January -> 28/29 February). Because this
    term is set by law, a last day on a rest day moves by the Algemene termijnenwet art. 1 en 3.
    """
    return atw_extend(_add_months(decided_on, COMMITTEE_MEASURES_MONTHS))


# --- Status of a term -------------------------------------------------------------------------


def days_left(due: date, today: date) -> int:
    """Return the days from today until the last day (0 on the due day, negative after).

    Source: Wko art. 1.57b lid 2 sub d, Wkkgz art. 17, Jeugdwet art. 4.2.1 (the term that
    applies to the dossier).
    """
    return (due - today).days


def is_overdue(*, due: date | None, today: date, answered: bool) -> bool:
    """Return True when an unanswered complaint is past its last day.

    The due day itself is still in time ("at the latest six weeks", Wko art. 1.57b lid 2 sub d,
    Wkkgz art. 17 lid 1; the regulation's term under Jeugdwet art. 4.2.1). An answered
    complaint or one without a term is never overdue.
    """
    if answered or due is None:
        return False
    return today > due


def term_colour(days_left: int | None) -> str:
    """Return the display state of a term: "ok", "soon", "overdue" or "none".

    "ok" above SOON_DAYS, "soon" from SOON_DAYS down to 0 (the due day), "overdue" below 0,
    "none" without a term. The thresholds are a product choice; the due day follows the terms
    of Wko art. 1.57b lid 2 sub d, Wkkgz art. 17 and Jeugdwet art. 4.2.1.
    """
    if days_left is None:
        return TERM_COLOUR_NONE
    if days_left < 0:
        return TERM_COLOUR_OVERDUE
    if days_left <= SOON_DAYS:
        return TERM_COLOUR_SOON
    return TERM_COLOUR_OK


def answered_in_time(*, due: date, answered_on: date) -> bool:
    """Return True when the answer was given on or before the last day.

    Source: Wko art. 1.57b lid 2 sub d, Wkkgz art. 17 lid 1 ("uiterlijk binnen zes weken"),
    Jeugdwet art. 4.2.1 lid 2 sub d.
    """
    return answered_on <= due


# --- Annual report ----------------------------------------------------------------------------


def report_due(year: int) -> date:
    """Return the last day to send the annual report about ``year``: 31 May of the next year.

    Source: Wko art. 1.57b lid 8 (to the GGD and all parents before 1 June); Jeugdwet art.
    4.3.2 (made public before 1 June).
    """
    return date(year + 1, REPORT_DEADLINE_MONTH, REPORT_DEADLINE_DAY)


def report_reminder_starts(year: int) -> date:
    """Return the day reminders for the report about ``year`` start: 1 May of the next year.

    Product choice ahead of the deadline of Wko art. 1.57b lid 8 and Jeugdwet art. 4.3.2.
    """
    return date(year + 1, REPORT_REMINDER_MONTH, REPORT_REMINDER_DAY)


# --- The Jeugdwet report ----------------------------------------------------------------------

#: Jeugdwet 4.3.1–4.3.2 (LEGAL.md R5): public within ten days of its adoption.
JEUGDWET_PUBLISH_DAYS: int = 10


def jeugdwet_publication_due(year: int, adopted_on: date | None) -> date:
    """Return the last day to make the Jeugdwet report about ``year`` public.

    Source: Jeugdwet art. 4.3.1–4.3.2 (LEGAL.md R5): within ten days after its adoption, and
    before 1 June of the next year, whichever comes first. Before adoption only 1 June counts.
    Not moved by the Atw: this product shows the deadline, nobody's right ends with it.
    """
    due = report_due(year)
    if adopted_on is None:
        return due
    return min(adopted_on + timedelta(days=JEUGDWET_PUBLISH_DAYS), due)
