"""The public page shows the complaints regulation in force (LEGAL.md H8)."""

import datetime as dt

import pytest
import time_machine

from klachtwijs.feedback.models import Regulation, RegulationAdvice

pytestmark = pytest.mark.django_db


PUBLISHED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def test_shows_the_version_in_force_with_its_advice_and_earlier_versions(client):
    Regulation.objects.create(
        version="2024", in_force_from=dt.date(2024, 1, 1), text="Oud", published_at=PUBLISHED
    )
    current = Regulation.objects.create(
        version="2025",
        in_force_from=dt.date(2025, 3, 1),
        text="## Zo werkt het\n\nWij <script>alert(1)</script> luisteren.",
        published_at=PUBLISHED,
    )
    RegulationAdvice.objects.create(
        regulation=current,
        kind=RegulationAdvice.Kind.ADVICE,
        body=RegulationAdvice.Body.CLIENT_PANEL,
        on=dt.date(2025, 2, 1),
    )
    Regulation.objects.create(
        version="2027", in_force_from=dt.date(2027, 1, 1), text="Later", published_at=PUBLISHED
    )
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)):
        html = client.get("/klachtenregeling/").content.decode()
    assert "versie 2025" in html
    assert "<h2>Zo werkt het</h2>" in html
    assert "<script>" not in html
    assert "Advies: klantpanel (centrale oudercommissie), 1 februari 2025." in html
    assert "Versie 2024" in html
    assert "Later" not in html


def test_without_a_regulation_the_page_says_how_to_get_it(client):
    Regulation.objects.all().delete()  # the set-up organisation of every test has one
    response = client.get("/klachtenregeling/")
    assert response.status_code == 200
    assert "staat nog niet op deze website" in response.content.decode()
