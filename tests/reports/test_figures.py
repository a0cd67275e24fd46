"""The figures equal figures computed here from the test's own data."""

from collections import Counter
from statistics import median

import pytest

from klachtwijs.feedback.models import Escalation, Kind
from klachtwijs.reports.figures import Scope, quarter_figures, quarter_terms, year_figures
from tests.factories import FeedbackFactory, LocationFactory
from tests.reports.builders import local

pytestmark = pytest.mark.django_db
COMMITTEE = {Escalation.Body.COMMITTEE, Escalation.Body.GESCHILLENCOMMISSIE}


def expected(specs, others):
    answered = [s for s in specs if s.answer_days is not None]
    in_time = [s for s in answered if s.answered_on <= s.feedback.due]
    measures = [s for s in specs if s.measure]
    return {
        "total": len(specs) + len(others),
        "complaints": len(specs),
        "by_kind": dict(Counter([Kind.COMPLAINT] * len(specs) + [o.kind for o in others])),
        "by_location": dict(Counter(f.location.name for f in [s.feedback for s in specs] + others)),
        "by_outcome": dict(Counter(s.outcome for s in answered)),
        "answered": len(answered),
        "answered_in_time": len(in_time),
        "median_days": float(median(s.answer_days for s in answered)),
        "longest_days": max(s.answer_days for s in answered),
        "measures": len(measures),
        "measures_on_time": sum(s.measure == "on_time" for s in measures),
        "by_escalation": dict(Counter(body for s in specs for body, _ in s.escalations)),
        "reached_committee": sum(
            s.by_committee or any(b in COMMITTEE for b, _ in s.escalations) for s in specs
        ),
        "disputes": sum(b in Escalation.DISPUTE_BODIES for s in specs for b, _ in s.escalations),
        "meldcode": 1,
    }


def test_figures_of_a_full_year_equal_the_test_data(year_data):
    specs, others, _last, _locations = year_data
    figures = year_figures(Scope(year=2025))
    for name, value in expected(specs, others).items():
        assert getattr(figures, name) == value, name
    # The extension made the late-looking answer of day 55 count as in time.
    assert specs[3].feedback.extended_until is not None
    assert figures.in_time_share == 75.0


def test_previous_year_and_year_boundaries_use_local_dates(year_data):
    _specs, _others, last_year, _locations = year_data
    previous = year_figures(Scope(year=2024))
    assert previous.complaints == 1
    assert previous.longest_days == last_year.answer_days
    assert year_figures(Scope(year=2026)).complaints == 1


def test_region_and_jeugdwet_scopes_only_count_their_dossiers(year_data):
    specs, _others, _last, (north, south) = year_data
    south_figures = year_figures(Scope(year=2025, region_id=south.region_id))
    assert south_figures.complaints == sum(s.location == south for s in specs)
    assert set(south_figures.by_location) == {"Zuid"}
    youth = year_figures(Scope(year=2025, jeugdwet=True))
    assert youth.complaints == 1
    assert youth.reached_committee == 1


def test_quarters_count_kinds_and_terms_by_local_date_of_receipt(year_data):
    specs, others, _last, _locations = year_data
    kinds = {q: Counter() for q in range(1, 5)}
    for dossier in [s.feedback for s in specs] + others:
        kinds[(dossier.received_at.month - 1) // 3 + 1][dossier.kind] += 1
    assert quarter_figures(Scope(year=2025)) == {q: dict(c) for q, c in kinds.items()}
    terms = {q: [0, 0] for q in range(1, 5)}
    for s in specs:
        if s.answer_days is not None:
            quarter = terms[(s.received.month - 1) // 3 + 1]
            quarter[0] += 1
            quarter[1] += s.answered_on <= s.feedback.due
    assert quarter_terms(Scope(year=2025)) == {q: tuple(t) for q, t in terms.items()}


@pytest.mark.parametrize("dossiers", [3, 30])
def test_number_of_queries_does_not_grow_with_dossiers(dossiers, django_assert_num_queries):
    location = LocationFactory()
    for n in range(dossiers):
        FeedbackFactory(
            location=location, received_at=local(2025, 1 + n % 12, 2, 10), answered=n % 2 == 0
        )
    # dossiers per (meldcode, kind, category, location, service) with the committee count,
    # the names of categories, locations and services, lead times, latest judgments,
    # measures, escalations, disputes
    with django_assert_num_queries(7):
        figures = year_figures(Scope(year=2025))
    assert figures.total == dossiers
