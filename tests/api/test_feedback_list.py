"""The list: filters, pagination, a fixed number of queries, and no personal data beyond the
submitter's name (the detail has the rest)."""

import pytest
from django.utils import timezone

from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/klantreacties/"


@pytest.fixture
def officer_api(token_client):
    return token_client(Role.QUALITY_OFFICER)


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_filters_narrow_the_list(officer_api):
    here, there = LocationFactory(), LocationFactory()
    jeugd = ServiceFactory(jeugdwet=True)
    there.services.add(jeugd)
    complaint = FeedbackFactory(location=here, registered=True)
    compliment = FeedbackFactory(location=here, kind=Kind.COMPLIMENT)
    youth = FeedbackFactory(location=there, service=jeugd)
    year = timezone.localdate().year
    cases = {
        "status": ({"status": "registered"}, {complaint.pk}),
        "kind": ({"kind": "compliment"}, {compliment.pk}),
        "location": ({"location": there.pk}, {youth.pk}),
        "region": ({"region": here.region_id}, {complaint.pk, compliment.pk}),
        "service": ({"service": jeugd.pk}, {youth.pk}),
        "framework": ({"framework": "jeugdwet"}, {youth.pk}),
        "year": ({"year": year}, {complaint.pk, compliment.pk, youth.pk}),
        "other year": ({"year": year - 1}, set()),
        "category": ({"category": complaint.category_id}, {complaint.pk}),
    }
    for name, (params, expected) in cases.items():
        assert _ids(officer_api.get(BASE, params)) == expected, name


@pytest.mark.parametrize(
    "params",
    [{"status": "lost"}, {"year": "last"}, {"location": 0}, {"location": "9" * 30}],
)
def test_bad_filters_are_400_field_by_field(officer_api, params):
    response = officer_api.get(BASE, params)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(params)


def test_list_is_paginated(officer_api, location):
    for _ in range(3):
        FeedbackFactory(location=location)
    page = officer_api.get(BASE, {"page_size": 2}).json()
    assert (page["count"], page["count_capped"]) == (3, False)
    assert len(page["results"]) == 2
    assert page["next"]
    assert officer_api.get(BASE, {"page": 9}).status_code == 404


@pytest.mark.parametrize("params", [{"page": ""}, {"page_size": "abc"}, {"page_size": 0}])
def test_page_and_page_size_are_whole_numbers_or_400(officer_api, api, params):
    """As the schema says (DRF alone would quietly show page 1 with 25 rows); also on the open
    reference lists."""
    for client, url in ((officer_api, BASE), (api, "/api/v1/regions/")):
        response = client.get(url, params)
        assert response.status_code == 400, url
        assert set(response.json()["fields"]) == set(params), url


def test_count_of_a_long_list_is_capped(officer_api, location, monkeypatch):
    monkeypatch.setattr("klachtwijs.core.pagination.CAP", 2)
    for _ in range(3):
        FeedbackFactory(location=location)
    page = officer_api.get(BASE, {"page_size": 1}).json()
    assert (page["count"], page["count_capped"], len(page["results"])) == (2, True, 1)
    assert officer_api.get(BASE, {"page_size": 1, "page": 2}).json()["next"] is None


def test_list_holds_no_contact_details(officer_api, location):
    FeedbackFactory(location=location)
    row = officer_api.get(BASE).json()["results"][0]
    assert "submitter_email" not in row
    assert "description" not in row


@pytest.mark.parametrize("rows", [1, 20])
def test_list_takes_a_fixed_number_of_queries(
    officer_api, location, rows, django_assert_num_queries
):
    for _ in range(rows):
        FeedbackFactory(location=location)
    officer_api.get(BASE)  # warm up: the token's first use writes `last_used_at`
    # 1 token + service account, 2 count, 3 page, 4 access-log row
    with django_assert_num_queries(4):
        assert officer_api.get(BASE).json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_situations_take_a_fixed_number_of_queries(
    officer_api, location, rows, django_assert_num_queries
):
    from klachtwijs.feedback.services import situation_link
    from klachtwijs.organisation.models import User

    by = User.objects.filter(role=Role.QUALITY_OFFICER).first()
    for _ in range(rows):
        pair = [FeedbackFactory(location=location).pk for _ in range(2)]
        situation_link(feedback_ids=pair, title="Ophalen", by=by)
    officer_api.get("/api/v1/situations/")
    # 1 token, 2 count, 3 page, 4 prefetch of visible dossiers
    with django_assert_num_queries(4):
        data = officer_api.get("/api/v1/situations/").json()
    assert data["count"] == rows
    assert all(len(s["feedback"]) == 2 for s in data["results"])
