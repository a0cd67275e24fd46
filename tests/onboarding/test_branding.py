"""Issue 18: the organisation's colour and logo on every page (organisation/branding.py).

The colour is set on the settings page: a bad format or a colour white text is not readable on
(below 4.5:1, WCAG 2.1 1.4.3) gets a Dutch error next to the field and keeps what was typed; a
good one reaches every page through the style sheet the page links (/huisstijl/<version>.css),
and the logo appears in the page header."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from klachtwijs.organisation.models import Role
from klachtwijs.organisation.selectors import organisation_get
from tests.factories import UserFactory
from tests.helpers import login_staff
from tests.onboarding.test_settings_pages import BASE, ORGANISATION, _error_next_to, _png

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    return client


def _brand_css(client, path: str) -> tuple[str, str]:
    """The style sheet the page at `path` links for the house style: (url, its text)."""
    html = client.get(path).content.decode()
    url = re.search(r'<link rel="stylesheet" href="(/huisstijl/[\w-]+\.css)">', html)[1]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "immutable" in response["Cache-Control"]
    return url, response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("blauw", "Schrijf de kleur als # met zes tekens"),
        ("#ffd700", "Witte tekst is op deze kleur slecht te lezen (contrast 1,4 : 1"),
    ],
)
def test_a_bad_colour_is_refused_next_to_the_field(admin_client, typed, message):
    response = admin_client.post(f"{BASE}organisatie/", {**ORGANISATION, "brand_colour": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert _error_next_to(html, "brand_colour")
    field = html[html.index('id="veld-brand_colour"') :]
    field = field[: field.index("</div>")]
    assert message in field
    assert f'value="{typed}"' in field
    assert "utrecht-textbox--invalid" in field
    assert organisation_get().brand_colour == "#0b5394"


def test_the_colour_and_logo_reach_every_page(admin_client, tmp_path, settings):
    from django.test import Client

    client = Client()  # a parent: not signed in
    settings.MEDIA_ROOT = tmp_path
    old_url, css = _brand_css(client, "/klantreactie/")
    assert "--klachtwijs-brand: #0b5394" in css
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    data = {**ORGANISATION, "brand_colour": " #1E5A3C ", "letterhead_logo": logo}
    assert admin_client.post(f"{BASE}organisatie/", data).status_code == 302
    assert organisation_get().brand_colour == "#1e5a3c"

    for who, path in [(client, "/klantreactie/"), (admin_client, "/staff/inrichting/")]:
        url, css = _brand_css(who, path)
        assert url != old_url  # a new version: no browser keeps the old colour
        assert "--klachtwijs-brand: #1e5a3c" in css
    html = client.get("/klachtenregeling/").content.decode()
    logo_url = re.search(r'<img class="brand-logo" src="(/huisstijl/logo/[\w-]+/)" alt="">', html)
    response = client.get(logo_url[1])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == _png()
