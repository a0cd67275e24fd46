"""The management dashboard: server-drawn SVG charts with their numbers in tables."""

import datetime as dt

import pytest
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
    assert '<th scope="row">' + location.name in html


def test_dashboard_has_twelve_months(client, manager):
    login_staff(client, manager)
    figures = client.get("/staff/dashboard/").context["figures"]
    months = figures["months"]
    assert len(months) == 12
    assert months[-1] == timezone.localdate().replace(day=1)


def test_dashboard_refused_for_handler(client, handler):
    login_staff(client, handler)
    assert client.get("/staff/dashboard/").status_code == 403
