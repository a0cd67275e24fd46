"""Dutch error pages in the product's own look, with a way back (issue 14), with DEBUG off:
the stock English pages never appear."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klachtwijs.organisation.models import Role
from tests.factories import UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
ENGLISH = ("Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification failed")
LINK_LOST = reverse("intake:link_resend")


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.errors.urls"


def _dutch(response, status: int, *texts: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert 'class="utrecht-page-header site-header"' in html  # the product's own (NLDS) look
    for word in ENGLISH:
        assert word not in html
    for text in texts:
        assert text in html, text
    return html


def test_a_wrong_private_link_offers_link_kwijt(client):
    html = _dutch(client.get("/status/" + "x" * 43 + "/"), 404, "Link kwijt?")
    assert f'href="{LINK_LOST}"' in html
    assert "De link naar uw eigen pagina werkt niet" in html


def test_a_missing_public_page(client):
    html = _dutch(client.get("/bestaat-niet/"), 404, "Deze pagina bestaat niet (meer)")
    assert f'href="{LINK_LOST}"' in html


def test_staff_go_back_to_their_overview(client):
    login_staff(client, UserFactory(role=Role.HANDLER))
    html = _dutch(client.get("/staff/dossiers/999999/"), 404, "Terug naar het overzicht")
    assert f'href="{reverse("staff:home")}"' in html
    assert LINK_LOST not in html


def test_a_role_without_access_gets_the_dutch_403(client):
    login_staff(client, UserFactory(role=Role.HANDLER))
    _dutch(
        client.get(reverse("organisation:staff")),
        403,
        "U hebt geen toegang tot deze pagina",
        "Terug naar het overzicht",
    )


def test_a_bad_request_gets_the_dutch_400(client):
    _dutch(client.get("/", HTTP_HOST="niet-van-ons.example"), 400, "Dit verzoek konden wij niet")


def test_a_refused_form_gets_the_dutch_csrf_page():
    client = Client(enforce_csrf_checks=True)
    html = _dutch(
        client.post(reverse("intake:feedback_new"), {}),
        403,
        "Het formulier kon niet worden verstuurd",
    )
    assert f'href="{LINK_LOST}"' in html


@pytest.mark.parametrize(
    ("path", "way_back"), [("/kapot/", LINK_LOST), ("/staff/kapot/", "/staff/")]
)
def test_a_failure_gets_the_dutch_500_without_touching_the_database(path, way_back):
    client = Client(raise_request_exception=False)
    client.get("/")  # the session and the organisation are loaded before counting
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    html = _dutch(response, 500, "Er ging bij ons iets mis", f'href="{way_back}"')
    assert "Klachtwijs" in html
    assert [q["sql"] for q in queries.captured_queries] == []
