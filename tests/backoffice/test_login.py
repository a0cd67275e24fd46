"""Staff sign-in: password plus TOTP code, lock-out after repeated failures, sign-out."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.organisation.models import Role
from tests.factories import UserFactory

LOGIN = "/staff/account/inloggen/"
PASSWORD = "een-goed-wachtwoord"  # noqa: S105 - the factories' test password

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_with_app():
    user = UserFactory(role=Role.QUALITY_OFFICER, username="anouk")
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    return user


def code() -> str:
    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"


def post(client: Client, *, username="anouk", password=PASSWORD, otp=None, next_url=""):
    data = {"username": username, "password": password, "otp_token": otp or code()}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def test_login_page_has_labelled_fields(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("id_username", "id_password", "id_otp_token"):
        assert f'for="{field}"' in html


def test_password_and_code_sign_in_verified(client, officer_with_app):
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_login_follows_next_on_this_site(client, officer_with_app):
    assert post(client, next_url="/staff/mijn-dossiers/")["Location"] == "/staff/mijn-dossiers/"


def test_login_ignores_next_elsewhere(client, officer_with_app):
    assert post(client, next_url="https://evil.example/")["Location"] == "/staff/"


def test_a_code_works_only_once(client, officer_with_app):
    used = code()
    post(client, otp=used)
    client.logout()
    response = post(client, otp=used)
    assert "klopt niet" in response.content.decode()


def test_wrong_code_is_refused(client, officer_with_app):
    wrong = "000000" if code() != "000000" else "111111"
    response = post(client, otp=wrong)
    assert response.status_code == 200
    assert "klopt niet" in response.content.decode()
    assert client.get("/staff/").status_code == 302


def test_wrong_password_is_refused(client, officer_with_app):
    response = post(client, password="fout-wachtwoord")
    assert "klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_user_without_authenticator_cannot_sign_in(client):
    UserFactory(role=Role.QUALITY_OFFICER, username="anouk")
    response = post(client)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_lockout_after_failure_limit_in_dutch(client, officer_with_app, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post(client, password="fout-wachtwoord").status_code == 200
    response = post(client, password="fout-wachtwoord")
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    # Now even the right password and code are refused.
    response = post(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_lockout(client, officer_with_app, settings):
    wrong = "000000" if code() != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post(client, otp=wrong)
    assert post(client, otp=wrong).status_code == 429


def test_logout_needs_post_and_ends_session(client, officer_with_app):
    post(client)
    assert client.get("/staff/account/uitloggen/").status_code == 405
    response = client.post("/staff/account/uitloggen/")
    assert response["Location"] == LOGIN
    assert client.get("/staff/").status_code == 302


def test_anonymous_staff_page_goes_to_login(client):
    response = client.get("/staff/mijn-dossiers/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")


def test_session_ends_after_configured_age(settings):
    # The session time-out (DESIGN: staff sign-in); 8 hours unless configured otherwise.
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.browser
def test_sign_in_in_browser_and_pages_are_accessible(
    live_server, transactional_db, phone_page, accessible
):
    """Sign in as a person would, then check the back-office pages with axe at phone width."""
    from tests.factories import FeedbackFactory, LocationFactory

    user = UserFactory(role=Role.QUALITY_OFFICER, username="anouk")
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    location = LocationFactory()
    location.manager = user
    location.save()
    FeedbackFactory(location=location)
    FeedbackFactory(location=location, in_progress=True)

    page = phone_page
    page.goto(live_server.url + "/staff/mijn-dossiers/")
    assert "/staff/account/inloggen/" in page.url
    accessible(page)
    page.get_by_label("Gebruikersnaam").fill("anouk")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/staff/mijn-dossiers/")
    accessible(page)
    for path in ("/staff/", "/staff/?weergave=open&sorteer=termijn", "/staff/dashboard/"):
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).count() == 1
        accessible(page)
