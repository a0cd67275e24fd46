"""At a million dossiers the overview neither counts every row nor scans every text.

The count stops at `CAP` (core/pagination.py) and the search uses the GIN index of migration
0004 on PostgreSQL (selectors.search_vector()).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klachtwijs.core.pagination import CappedPaginator
from klachtwijs.feedback import selectors
from klachtwijs.feedback.models import Feedback
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


def test_count_is_exact_up_to_the_cap(location):
    FeedbackFactory.create_batch(5, location=location)
    exact = CappedPaginator(Feedback.objects.order_by("pk"), 2, cap=5)
    assert (exact.count, exact.capped, exact.num_pages) == (5, False, 3)


def test_count_stops_at_the_cap_and_reads_no_more_rows(location):
    FeedbackFactory.create_batch(5, location=location)
    with CaptureQueriesContext(connection) as queries:
        capped = CappedPaginator(Feedback.objects.order_by("pk"), 2, cap=3)
        assert (capped.count, capped.capped, capped.num_pages) == (3, True, 2)
    (sql,) = [q["sql"] for q in queries]
    assert "LIMIT 4" in sql
    assert "ORDER BY" not in sql
    assert [f.pk for f in capped.page(2).object_list] == list(
        Feedback.objects.order_by("pk").values_list("pk", flat=True)[2:3]
    )


def test_overview_says_more_than_when_capped(officer_client, location, monkeypatch):
    monkeypatch.setattr("klachtwijs.core.pagination.CAP", 2)
    FeedbackFactory.create_batch(3, location=location)
    response = officer_client.get("/staff/")
    page = response.context["page"]
    assert (page.paginator.capped, page.paginator.count) == (True, 2)
    assert "Meer dan 2 klantreacties" in response.content.decode()


def test_search_by_exact_reference(officer, location):
    wanted, _other = FeedbackFactory(location=location), FeedbackFactory(location=location)
    rows = selectors.feedback_list(
        user=officer, filters={"q": wanted.reference}, today=timezone.localdate()
    )
    assert [f.pk for f in rows] == [wanted.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_search_uses_the_gin_index(officer, location):
    FeedbackFactory(location=location, description="Het hek stond open.")
    rows = selectors.feedback_list(user=officer, filters={"q": "hek"}, today=timezone.localdate())
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table is otherwise scanned; and with statistics left by earlier tests the
        # planner may walk another index and filter. Leave it only bitmap scans: the one whose
        # index condition is the search is the GIN index (OR the reference's unique index).
        for path in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{path} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "feedback_search_dutch" in plan
    assert [f.description for f in rows] == ["Het hek stond open."]


def test_a_handler_sees_each_dossier_once_however_many_colleagues_share_the_location(
    client, location
):
    from klachtwijs.feedback import services
    from klachtwijs.organisation.models import Role
    from tests.factories import UserFactory
    from tests.helpers import login_staff

    handler = UserFactory(role=Role.HANDLER, locations=[location])
    UserFactory.create_batch(3, role=Role.HANDLER, locations=[location])
    feedback = FeedbackFactory(location=location, registered=True)
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    services.feedback_assign(feedback_id=feedback.pk, handler=handler, by=officer)
    login_staff(client, handler)
    response = client.get("/staff/")
    assert [f.pk for f in response.context["page"].object_list] == [feedback.pk]
    assert response.context["counts"]["open"] == 1
    assert response.context["by_location"][0]["open"] == 1


def test_cached_counters_follow_a_change_once_it_is_committed(
    officer_client, location, django_capture_on_commit_callbacks
):
    FeedbackFactory(location=location)
    assert officer_client.get("/staff/").context["counts"]["to_register"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        FeedbackFactory(location=location)
    assert officer_client.get("/staff/").context["counts"]["to_register"] == 2


def test_counters_are_read_from_the_cache_until_something_changes(officer_client, location):
    FeedbackFactory(location=location)
    officer_client.get("/staff/")
    with CaptureQueriesContext(connection) as queries:
        officer_client.get("/staff/")
    assert not [q for q in queries if "COUNT(" in q["sql"] and "FILTER" in q["sql"]]
