"""Wko 1.54 lid 2–3 (LEGAL.md R7): the administrator records per location the link to its
latest GGD inspection report and the day it was published; the public regulation page shows
them per location."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from klachtwijs.organisation.models import Location, Role
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
REPORT = "https://www.voorbeeld.nl/inspectie/zonnebloem.pdf"


def _post(client, location: Location, **fields):
    data = {
        "name": location.name,
        "street": "",
        "postcode": "",
        "city": location.city,
        "region": location.region_id,
        "manager": "",
        "services": [s.pk for s in location.services.all()],
        "is_active": "on",
        "ggd_report_url": "",
        "ggd_report_published_on": "",
        **fields,
    }
    url = reverse("admin:organisation_location_change", args=[location.pk])
    return client.post(url, data)


@pytest.fixture
def admin_client(client):
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    return client


def test_the_administrator_records_the_report_link_and_date(admin_client):
    location = LocationFactory(name="De Zonnebloem")
    response = _post(
        admin_client,
        location,
        ggd_report_url=REPORT,
        ggd_report_published_on="2026-03-02",
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.ggd_report_url == REPORT
    assert location.ggd_report_published_on == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"ggd_report_url": "geen link", "ggd_report_published_on": "2026-03-02"},
            "ggd_report_url",
            "Voer een geldige URL in.",
        ),
        (
            {"ggd_report_url": REPORT, "ggd_report_published_on": "future"},
            "ggd_report_published_on",
            "Deze datum ligt in de toekomst.",
        ),
        (
            {"ggd_report_url": REPORT},
            "ggd_report_published_on",
            "Vul ook in wanneer u het rapport publiceerde.",
        ),
        (
            {"ggd_report_published_on": "2026-03-02"},
            "ggd_report_url",
            "Vul ook de link naar het inspectierapport in.",
        ),
    ],
)
def test_a_bad_link_or_date_is_refused_beside_the_field(admin_client, fields, field, message):
    if fields.get("ggd_report_published_on") == "future":
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        fields = {**fields, "ggd_report_published_on": tomorrow.isoformat()}
    location = LocationFactory()
    response = _post(admin_client, location, **fields)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    location.refresh_from_db()
    assert location.ggd_report_url == ""
    assert location.ggd_report_published_on is None


def test_the_regulation_page_shows_each_locations_report(client):
    LocationFactory(
        name="De Zonnebloem",
        ggd_report_url=REPORT,
        ggd_report_published_on=dt.date(2026, 3, 2),
    )
    LocationFactory(name="Het Anker")
    LocationFactory(name="Gesloten", is_active=False, ggd_report_url="https://x.nl/oud.pdf")
    page = html.unescape(client.get("/klachtenregeling/").content.decode())
    assert "Inspectierapporten van de GGD" in page
    assert f'<a href="{REPORT}">Inspectierapport De Zonnebloem</a>' in page
    assert "(gepubliceerd op 2 maart 2026)" in page
    assert "Het Anker: het rapport staat nog niet op deze website." in page
    assert "oud.pdf" not in page
