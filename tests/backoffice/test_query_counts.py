"""The lists run a fixed number of queries, whatever the number of rows (STYLE.md §6)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klachtwijs.feedback import services
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def count(client, url: str) -> int:
    cache.clear()  # the overview's counters uncached: the page as its first reader sees it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def make(n: int, location, **traits) -> None:
    for _ in range(n):
        FeedbackFactory(location=location, **traits)


@pytest.mark.parametrize("url", ["/staff/", "/staff/?q=hek&sorteer=termijn", "/staff/export.csv"])
def test_overview_queries_do_not_grow_with_rows(officer_client, location, url):
    make(1, location, in_progress=True)
    one = count(officer_client, url)
    make(19, location, in_progress=True)
    assert count(officer_client, url) == one


def test_overview_query_count_is_pinned(officer_client, location, django_assert_num_queries):
    make(20, location, in_progress=True)
    officer_client.get("/staff/")  # warm the session
    # The first reader after a change: session, user, OTP device; page count, page rows;
    # counters; counts per location; meldcode count; organisation (context processor); the
    # rows' locations (with regions), services and categories (kept in memory, then not joined);
    # the filter form's choices: category, location, region, service, handler.
    cache.clear()
    with django_assert_num_queries(17):
        officer_client.get("/staff/")
    # Read again: page count, page rows. The session, the user and their OTP device, the
    # counters, the counts per location, the meldcode count, the organisation and the filter
    # panel come from the process's memory until they change (core/cache.py, core/sessions.py;
    # with the database cache one more query reads every version at once).
    with django_assert_num_queries(2):
        officer_client.get("/staff/")


def test_mine_queries_do_not_grow_with_rows(client, location):
    handler = UserFactory(role=Role.HANDLER, locations=[location])
    location.manager = handler
    location.save()
    login_staff(client, handler)
    make(1, location, answered=True)
    one = count(client, "/staff/mijn-dossiers/")
    make(19, location, answered=True)
    assert count(client, "/staff/mijn-dossiers/") == one


def _asked_and_answered(n: int, location) -> None:
    """Answered complaints whose measure was put to the parent (issue 16), half confirmed."""
    for i in range(n):
        measure = FeedbackFactory(location=location, answered=True).measures.get()
        services.measure_followup_ask(measure_id=measure.pk)
        if i % 2 == 0:
            services.measure_parent_answer(measure_id=measure.pk, answer="yes")


def test_dashboard_queries_do_not_grow_with_rows(client, manager, location):
    login_staff(client, manager)
    _asked_and_answered(1, location)
    one = count(client, "/staff/dashboard/")
    _asked_and_answered(19, location)
    assert count(client, "/staff/dashboard/") == one
    assert client.get("/staff/dashboard/").context["figures"]["parent_answers"].asked == 20
