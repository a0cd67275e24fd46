"""Annual-report figures per year and region, and the open reference data."""

import pytest
from django.utils import timezone

from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory

pytestmark = pytest.mark.django_db


def test_figures_per_year_and_region(token_client):
    here, there = LocationFactory(), LocationFactory()
    FeedbackFactory(location=here)
    FeedbackFactory(location=there)
    client = token_client(Role.MANAGEMENT)
    year = timezone.localdate().year
    whole = client.get(f"/api/v1/figures/{year}/").json()
    assert whole["total"] == 2
    assert whole["by_kind"] == {"complaint": 2}
    region = client.get(f"/api/v1/figures/{year}/", {"region": here.region_id}).json()
    assert region["total"] == 1
    assert region["region"] == here.region_id
    assert region["by_location"] == {here.name: 1}
    assert client.get(f"/api/v1/figures/{year - 1}/").json()["total"] == 0


@pytest.mark.parametrize(
    ("path", "field"),
    [("1999/", "year"), ("abcd/", "year"), ("2026/?region=999999", "region")],
)
def test_bad_year_or_region_is_400(token_client, path, field):
    response = token_client(Role.MANAGEMENT).get(f"/api/v1/figures/{path}")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_figures_are_not_for_handlers(token_client, location):
    assert token_client(Role.HANDLER, [location]).get("/api/v1/figures/2026/").status_code == 403


def test_reference_data_is_open_to_websites(api, location):
    locations = api.get("/api/v1/locations/").json()["results"]
    assert locations[0]["services"] == [location.services.first().pk]
    assert api.get(f"/api/v1/regions/{location.region_id}/").json()["name"]
    assert api.get("/api/v1/services/").json()["count"] == 1
    assert api.get("/api/v1/categories/").json()["count"] > 0


def test_unknown_addresses_are_json_404(api):
    odd = "/api/v1/klantreacties/%0A%C2%90/extend/"
    for path in ["/api/v1/nope/", "/api/v1/klantreacties/" + "9" * 30 + "/", "/api/v2/", odd]:
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
