"""Table-driven tests for the pure legal rules (LEGAL.md T1-T3, docs/legal-rules.md)."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from klachtwijs.feedback import rules
from klachtwijs.feedback.rules import (
    ANSWER_TERM,
    DEFAULT_JEUGDWET_TERM_WEEKS,
    WKKGZ_MAX_EXTENSION,
    RuleViolation,
    answer_due,
    answered_in_time,
    atw_extend,
    committee_measures_due,
    days_left,
    easter_sunday,
    effective_due,
    extension_until,
    general_holidays,
    is_overdue,
    is_rest_day,
    may_extend,
    report_due,
    report_reminder_starts,
    term_colour,
)
from klachtwijs.organisation.frameworks import LegalFramework

WKO = LegalFramework.WKO
WKKGZ = LegalFramework.WKKGZ
JEUGDWET = LegalFramework.JEUGDWET

D = date.fromisoformat


# --- Constants -------------------------------------------------------------------------------


def test_term_constants():
    assert timedelta(weeks=6) == ANSWER_TERM
    assert timedelta(weeks=4) == WKKGZ_MAX_EXTENSION
    assert DEFAULT_JEUGDWET_TERM_WEEKS == 6


# --- Easter ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1583, "1583-04-10"),
        (1818, "1818-03-22"),
        (1943, "1943-04-25"),
        (1961, "1961-04-02"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2011, "2011-04-24"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2038, "2038-04-25"),
        (2049, "2049-04-18"),
        (2285, "2285-03-22"),
    ],
)
def test_easter_sunday(year, expected):
    assert easter_sunday(year) == D(expected)


def test_easter_is_always_a_sunday_in_range():
    for year in range(1900, 2201):
        easter = easter_sunday(year)
        assert easter.weekday() == 6
        assert D(f"{year}-03-22") <= easter <= D(f"{year}-04-25")


def test_easter_before_gregorian_calendar_is_refused():
    with pytest.raises(ValueError, match="1583"):
        easter_sunday(1582)


# --- General holidays (Atw art. 3) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            {
                "2025-01-01",  # Nieuwjaarsdag
                "2025-04-18",  # Goede Vrijdag
                "2025-04-21",  # Tweede Paasdag
                "2025-04-26",  # Koningsdag: 27 April 2025 is a Sunday
                "2025-05-05",  # 5 mei
                "2025-05-29",  # Hemelvaartsdag
                "2025-06-09",  # Tweede Pinksterdag
                "2025-12-25",  # Eerste Kerstdag
                "2025-12-26",  # Tweede Kerstdag
            },
        ),
        (
            2026,
            {
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-04-27",
                "2026-05-05",
                "2026-05-14",
                "2026-05-25",
                "2026-12-25",
                "2026-12-26",
            },
        ),
    ],
)
def test_general_holidays_complete(year, expected):
    assert general_holidays(year) == frozenset(D(s) for s in expected)


@pytest.mark.parametrize(
    ("year", "kings_day"),
    [
        (2014, "2014-04-26"),  # 27 April 2014 was a Sunday
        (2025, "2025-04-26"),
        (2026, "2026-04-27"),
        (2031, "2031-04-26"),  # 27 April 2031 is a Sunday
        (2036, "2036-04-26"),  # 27 April 2036 is a Sunday
    ],
)
def test_kings_day(year, kings_day):
    holidays = general_holidays(year)
    assert D(kings_day) in holidays
    other = D(f"{year}-04-27") if kings_day.endswith("26") else D(f"{year}-04-26")
    assert other not in holidays


def test_general_holidays_is_cached_and_immutable():
    assert general_holidays(2025) is general_holidays(2025)
    assert isinstance(general_holidays(2025), frozenset)


@pytest.mark.parametrize("year", range(2000, 2101))
def test_fifth_of_may_every_year(year):
    assert date(year, 5, 5) in general_holidays(year)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-04-14", False),  # Monday
        ("2025-04-16", False),  # Wednesday
        ("2025-04-19", True),  # Saturday
        ("2025-04-20", True),  # Sunday (Easter)
        ("2025-04-18", True),  # Good Friday
        ("2025-04-21", True),  # Easter Monday
        ("2026-04-27", True),  # King's Day on a Monday
        ("2025-04-28", False),  # Monday after King's Day moved to the 26th
        ("2026-05-05", True),  # 5 May on a Tuesday
        ("2026-05-14", True),  # Ascension Day
        ("2026-05-25", True),  # Whit Monday
        ("2025-12-24", False),  # Christmas Eve is no holiday
        ("2025-12-31", False),  # New Year's Eve is no holiday
        ("2026-01-01", True),
    ],
)
def test_is_rest_day(day, expected):
    assert is_rest_day(D(day)) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-04-16", "2025-04-16"),  # working day stays
        ("2025-04-12", "2025-04-14"),  # Saturday -> Monday
        ("2025-04-13", "2025-04-14"),  # Sunday -> Monday
        ("2025-04-18", "2025-04-22"),  # Good Friday -> Tuesday after Easter Monday
        ("2025-12-25", "2025-12-29"),  # Christmas, Boxing Day, weekend
        ("2026-12-25", "2026-12-28"),  # Christmas Friday, Boxing Day Saturday
        ("2027-12-25", "2027-12-27"),  # Christmas Saturday, Boxing Day Sunday
        ("2026-01-01", "2026-01-02"),  # New Year's Day
    ],
)
def test_atw_extend(day, expected):
    assert atw_extend(D(day)) == D(expected)


# --- Answer term (T1, T2) --------------------------------------------------------------------


@pytest.mark.parametrize("framework", [WKO, WKKGZ, JEUGDWET])
def test_answer_due_six_weeks_on_a_working_day(framework):
    # Received Monday 3 March 2025: day 42 is Monday 14 April 2025.
    assert answer_due(framework=framework, received_on=D("2025-03-03")) == D("2025-04-14")


@pytest.mark.parametrize(
    ("received", "expected", "why"),
    [
        ("2025-03-01", "2025-04-14", "ends Saturday 12 April"),
        ("2025-03-02", "2025-04-14", "ends Sunday 13 April"),
        ("2025-03-07", "2025-04-22", "ends Good Friday, over Easter"),
        ("2025-03-10", "2025-04-22", "ends Easter Monday"),
        ("2026-03-16", "2026-04-28", "ends King's Day on Monday 27 April 2026"),
        ("2025-03-15", "2025-04-28", "ends King's Day on Saturday 26 April 2025"),
        ("2026-03-24", "2026-05-06", "ends 5 May"),
        ("2026-04-02", "2026-05-15", "ends Ascension Day"),
        ("2026-04-13", "2026-05-26", "ends Whit Monday"),
        ("2025-11-13", "2025-12-29", "ends Christmas Day, then Boxing Day and a weekend"),
        ("2025-11-14", "2025-12-29", "ends Boxing Day"),
        ("2025-11-20", "2026-01-02", "ends New Year's Day, across the year end"),
        ("2025-12-31", "2026-02-11", "received on the last day of the year"),
        ("2024-01-18", "2024-02-29", "leap day"),
        ("2028-01-18", "2028-02-29", "leap day 2028"),
        ("2028-01-19", "2028-03-01", "day after a leap day"),
        ("2027-01-19", "2027-03-02", "no leap day in 2027"),
    ],
)
@pytest.mark.parametrize("framework", [WKO, WKKGZ])
def test_answer_due_statutory_terms_move_by_atw(framework, received, expected, why):
    assert answer_due(framework=framework, received_on=D(received)) == D(expected), why


@pytest.mark.parametrize(
    ("received", "weeks", "expected"),
    [
        ("2025-11-13", 6, "2025-12-25"),  # Christmas Day: not moved
        ("2025-11-20", 6, "2026-01-01"),  # New Year's Day: not moved
        ("2025-03-01", 6, "2025-04-12"),  # Saturday: not moved
        ("2025-03-10", 6, "2025-04-21"),  # Easter Monday: not moved
        ("2025-03-03", 4, "2025-03-31"),  # own shorter term
        ("2025-03-03", 8, "2025-04-28"),  # own longer term
        ("2024-01-18", 6, "2024-02-29"),
    ],
)
def test_answer_due_jeugdwet_own_term_not_moved_by_atw(received, weeks, expected):
    due = answer_due(framework=JEUGDWET, received_on=D(received), jeugdwet_term_weeks=weeks)
    assert due == D(expected)


def test_answer_due_jeugdwet_weeks_ignored_for_statutory_terms():
    for framework in (WKO, WKKGZ):
        assert answer_due(
            framework=framework, received_on=D("2025-03-03"), jeugdwet_term_weeks=2
        ) == D("2025-04-14")


@pytest.mark.parametrize("weeks", [0, -1])
def test_answer_due_jeugdwet_term_must_be_positive(weeks):
    with pytest.raises(ValueError, match="week"):
        answer_due(framework=JEUGDWET, received_on=D("2025-03-03"), jeugdwet_term_weeks=weeks)


@pytest.mark.parametrize(("value", "expected"), [("wko", "2025-04-14"), ("wkkgz", "2025-04-14")])
def test_answer_due_accepts_stored_string_values(value, expected):
    assert answer_due(framework=value, received_on=D("2025-03-03")) == D(expected)


def test_answer_due_unknown_framework():
    with pytest.raises(ValueError, match="framework"):
        answer_due(framework="framework-x", received_on=D("2025-03-03"))


# --- Day 42 vs 43, overdue -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "answered", "expected"),
    [
        ("2025-03-03", False, False),  # day 0
        ("2025-04-13", False, False),  # day 41
        ("2025-04-14", False, False),  # day 42: the due day itself is still in time
        ("2025-04-15", False, True),  # day 43: overdue
        ("2025-06-01", False, True),
        ("2025-04-15", True, False),  # answered is never overdue
        ("2026-01-01", True, False),
    ],
)
def test_is_overdue_boundary(today, answered, expected):
    due = answer_due(framework=WKO, received_on=D("2025-03-03"))
    assert is_overdue(due=due, today=D(today), answered=answered) is expected


def test_is_overdue_without_due_date():
    assert is_overdue(due=None, today=D("2030-01-01"), answered=False) is False


@pytest.mark.parametrize(
    ("answered_on", "expected"),
    [
        ("2025-04-01", True),
        ("2025-04-14", True),  # on the due day
        ("2025-04-15", False),  # the day after
    ],
)
def test_answered_in_time(answered_on, expected):
    assert answered_in_time(due=D("2025-04-14"), answered_on=D(answered_on)) is expected


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        ("2025-04-14", "2025-04-14", 0),
        ("2025-04-14", "2025-04-13", 1),
        ("2025-04-14", "2025-04-15", -1),
        ("2025-04-14", "2025-03-03", 42),
        ("2025-01-02", "2024-12-31", 2),  # across the year end
        ("2024-03-01", "2024-02-28", 2),  # across a leap day
    ],
)
def test_days_left(due, today, expected):
    assert days_left(D(due), D(today)) == expected


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (None, "none"),
        (100, "ok"),
        (8, "ok"),
        (7, "soon"),
        (1, "soon"),
        (0, "soon"),
        (-1, "overdue"),
        (-30, "overdue"),
    ],
)
def test_term_colour(left, expected):
    assert term_colour(left) == expected


@pytest.mark.parametrize(
    ("answer", "extended", "expected"),
    [
        ("2025-04-14", None, "2025-04-14"),
        ("2025-04-14", "2025-05-12", "2025-05-12"),
        (None, None, None),
    ],
)
def test_effective_due(answer, extended, expected):
    answer_d = D(answer) if answer else None
    extended_d = D(extended) if extended else None
    expected_d = D(expected) if expected else None
    assert effective_due(answer_d, extended_d) == expected_d


# --- Extension -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("framework", "expected"),
    [(WKO, False), (WKKGZ, True), (JEUGDWET, True), ("wko", False), ("jeugdwet", True)],
)
def test_may_extend(framework, expected):
    assert may_extend(framework) is expected


DUE = D("2025-04-14")  # a Monday; Wkkgz cap = Monday 12 May 2025


def _extend(framework, **overrides):
    kwargs = {
        "framework": framework,
        "answer_due": DUE,
        "requested_until": D("2025-05-12"),
        "today": D("2025-04-10"),
        "already_extended": False,
        "reason": "We spreken eerst de betrokken medewerker.",
    }
    kwargs.update(overrides)
    return extension_until(**kwargs)


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"today": D("2025-03-03")},
        {"requested_until": D("2025-04-15")},
        {"already_extended": True},
        {"reason": "Goede reden"},
    ],
)
def test_wko_extension_always_refused(overrides):
    with pytest.raises(RuleViolation) as exc:
        _extend(WKO, **overrides)
    assert exc.value.code == "no_extension_wko"
    assert exc.value.message == "Onder de Wet kinderopvang mag de termijn niet worden verlengd."
    assert str(exc.value) == exc.value.message


@pytest.mark.parametrize(
    ("today", "requested", "expected"),
    [
        ("2025-04-10", "2025-05-12", "2025-05-12"),  # before the due day, full 4 weeks
        ("2025-04-14", "2025-05-12", "2025-05-12"),  # on the due day itself
        ("2025-04-14", "2025-04-15", "2025-04-15"),  # one day more
        ("2025-03-03", "2025-04-28", "2025-04-28"),  # early, two weeks
    ],
)
def test_wkkgz_extension_allowed(today, requested, expected):
    assert _extend(WKKGZ, today=D(today), requested_until=D(requested)) == D(expected)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"today": D("2025-04-15")}, "term_expired"),  # the day after the due day
        ({"today": D("2025-05-01")}, "term_expired"),
        ({"already_extended": True}, "already_extended"),  # twice
        ({"requested_until": D("2025-05-13")}, "beyond_cap"),  # 4 weeks + 1 day
        ({"requested_until": D("2025-07-01")}, "beyond_cap"),
        ({"reason": ""}, "reason_required"),
        ({"reason": "   \n\t"}, "reason_required"),
        ({"requested_until": DUE}, "not_after_due"),  # not after the due date
        ({"requested_until": D("2025-04-01")}, "not_after_due"),
    ],
)
def test_wkkgz_extension_refused(overrides, code):
    with pytest.raises(RuleViolation) as exc:
        _extend(WKKGZ, **overrides)
    assert exc.value.code == code
    assert exc.value.message


def test_wkkgz_cap_on_a_holiday_moves_by_atw():
    # Due Thursday 16 April 2026; + 4 weeks = Ascension Day 14 May 2026 -> Friday 15 May.
    due = D("2026-04-16")
    common = {
        "framework": WKKGZ,
        "answer_due": due,
        "today": D("2026-04-10"),
        "already_extended": False,
        "reason": "Onderzoek duurt langer.",
    }
    assert extension_until(requested_until=D("2026-05-15"), **common) == D("2026-05-15")
    with pytest.raises(RuleViolation) as exc:
        extension_until(requested_until=D("2026-05-18"), **common)
    assert exc.value.code == "beyond_cap"
    assert "15-05-2026" in exc.value.message


def test_jeugdwet_extension_repeated_with_reason():
    first = _extend(
        JEUGDWET,
        requested_until=D("2025-06-30"),
        reason="De klachtencommissie hoort eerst beide partijen.",
    )
    assert first == D("2025-06-30")  # beyond 4 weeks: no statutory cap
    second = _extend(
        JEUGDWET,
        answer_due=first,
        today=D("2025-06-20"),
        already_extended=True,
        requested_until=D("2025-09-15"),
        reason="Een lid van de commissie is ziek.",
    )
    assert second == D("2025-09-15")


def test_jeugdwet_extension_after_due_date_allowed():
    # No statutory "announce before" rule: a late reasoned notice with a new term is allowed.
    assert _extend(JEUGDWET, today=D("2025-04-20"), requested_until=D("2025-05-01")) == D(
        "2025-05-01"
    )


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"reason": ""}, "reason_required"),
        ({"reason": "  "}, "reason_required"),
        ({"requested_until": DUE}, "not_after_due"),
        ({"requested_until": D("2025-04-01")}, "not_after_due"),
        (
            {"today": D("2025-05-01"), "requested_until": D("2025-04-20")},
            "in_the_past",
        ),
    ],
)
def test_jeugdwet_extension_refused(overrides, code):
    with pytest.raises(RuleViolation) as exc:
        _extend(JEUGDWET, **overrides)
    assert exc.value.code == code


# --- Committee measures (T3) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        ("2025-03-12", "2025-04-14"),  # 12 April 2025 is a Saturday -> Monday
        ("2025-03-17", "2025-04-17"),
        ("2025-01-31", "2025-02-28"),  # clamp to end of February
        ("2024-01-31", "2024-02-29"),  # leap year
        ("2024-01-29", "2024-02-29"),
        ("2024-01-30", "2024-02-29"),
        ("2027-01-29", "2027-03-01"),  # 28 Feb 2027 is a Sunday -> Monday 1 March
        ("2025-03-31", "2025-04-30"),
        ("2025-12-15", "2026-01-15"),  # across the year end
        ("2025-12-01", "2026-01-02"),  # lands on New Year's Day
        ("2025-11-25", "2025-12-29"),  # lands on Christmas Day
    ],
)
def test_committee_measures_due(decided, expected):
    assert committee_measures_due(D(decided)) == D(expected)


# --- Annual report ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "due", "reminder"),
    [
        (2025, "2026-05-31", "2026-05-01"),
        (2024, "2025-05-31", "2025-05-01"),
        (2027, "2028-05-31", "2028-05-01"),
    ],
)
def test_report_dates(year, due, reminder):
    assert report_due(year) == D(due)
    assert report_reminder_starts(year) == D(reminder)
    assert report_reminder_starts(year) < report_due(year) < date(year + 1, 6, 1)


# --- Purity ----------------------------------------------------------------------------------


def test_module_is_pure():
    source = Path(rules.__file__).read_text(encoding="utf-8")
    for forbidden in ("django.db", "timezone.now", "today()", "now()", ".objects"):
        assert forbidden not in source
