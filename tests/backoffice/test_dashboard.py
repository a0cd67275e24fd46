"""The management dashboard: server-drawn SVG charts with their numbers in tables."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import FeedbackFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_dashboard_draws_charts_and_tables(client, manager, location):
    FeedbackFactory(location=location, answered=True)
    FeedbackFactory(location=location, received_at=timezone.now() - dt.timedelta(days=400))
    login_staff(client, manager)
    response = client.get("/staff/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 5
    assert "<script" not in html
    assert ' style="' not in html  # presentation attributes only: works under a strict CSP
    figures = response.context["figures"]
    assert sum(figures["by_kind"]["klacht"]) == 1  # the one of 400 days ago is out of range
    assert figures["by_location"] == [(location.name, 1)]
    assert figures["answered"][-1] == 1
    assert figures["in_time_pct"][-1] == 100
    assert figures["lead_days"][-1] == 0
    assert '<th class="utrecht-table__header-cell" scope="row">' + location.name in html


def test_dashboard_has_twelve_months_and_says_so(client, manager):
    login_staff(client, manager)
    response = client.get("/staff/dashboard/")
    months = response.context["figures"]["months"]
    assert len(months) == 12
    assert months[-1] == timezone.localdate().replace(day=1)
    assert f"De afgelopen 12 maanden: van 1 {MAANDEN[months[0].month - 1]}" in response.text


MAANDEN = "januari februari maart april mei juni juli augustus september oktober november december"
MAANDEN = MAANDEN.split()


@time_machine.travel(dt.datetime(2026, 8, 20, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("key", "title", "months", "counted"),
    [
        ("dit-jaar", "Dit jaar: van 1 januari 2026 tot en met 20 augustus 2026", 8, {"2026-02"}),
        (
            "2025",
            "2025: van 1 januari 2025 tot en met 31 december 2025",
            12,
            {"2025-07", "2025-11"},
        ),
        (
            "2025-K4",
            "Kwartaal 4 van 2025: van 1 oktober 2025 tot en met 31 december 2025",
            3,
            {"2025-11"},
        ),
        ("2026-K3", "Kwartaal 3 van 2026: van 1 juli 2026 tot en met 20 augustus 2026", 2, set()),
        (
            "12-maanden",
            "De afgelopen 12 maanden: van 1 september 2025 tot en met 20 augustus 2026",
            12,
            {"2025-11", "2026-02"},
        ),
    ],
)
def test_the_chosen_period_is_what_the_title_says(
    client, manager, location, key, title, months, counted
):
    received = {
        "2025-07": dt.datetime(2025, 7, 15, 10, tzinfo=dt.UTC),
        "2025-11": dt.datetime(2025, 11, 3, 10, tzinfo=dt.UTC),
        "2026-02": dt.datetime(2026, 2, 9, 10, tzinfo=dt.UTC),
    }
    for at in received.values():
        FeedbackFactory(location=location, received_at=at)
    login_staff(client, manager)
    response = client.get("/staff/dashboard/", {"periode": key})
    assert title in response.text
    figures = response.context["figures"]
    assert len(figures["months"]) == months
    assert figures["by_location"] == ([(location.name, len(counted))] if counted else [])
    got = {
        f"{m:%Y-%m}"
        for values in figures["by_kind"].values()
        for m, n in zip(figures["months"], values, strict=True)
        if n
    }
    assert got == counted


def test_an_unknown_period_is_an_error_by_the_field(client, manager):
    login_staff(client, manager)
    response = client.get("/staff/dashboard/", {"periode": "1999"})
    assert response.status_code == 200
    assert "Kies een periode uit de lijst." in response.text
    assert "De afgelopen 12 maanden: van" in response.text  # the default period is shown


def test_dashboard_refused_for_handler(client, handler):
    login_staff(client, handler)
    assert client.get("/staff/dashboard/").status_code == 403
