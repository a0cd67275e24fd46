"""Hardening (issue 7.4): production settings pass Django's deploy check, a Content Security
Policy without inline script, cookies, HSTS, uploads never served statically, password rules,
staff sessions that expire."""

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.core.middleware import LAST_SEEN_KEY
from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

KLACHTWIJS = Path(sys.executable).parent / "klachtwijs"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "klachtwijs.settings.base",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "klachten.example.nl",
    "SITE_URL": "https://klachten.example.nl",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, **PRODUCTION}
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, never in production.
    leftovers = ("DATABASE_URL", "KLACHTWIJS_TEST_POSTGRES", "SECURE_SSL_REDIRECT")
    for name in (*leftovers, "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return env


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = subprocess.run(
        [str(KLACHTWIJS), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_make_cookies_secure_and_send_hsts(tmp_path):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'CSRF_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', "
        "'DEBUG']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "DEBUG": False,
    }


@pytest.mark.django_db
def test_hsts_header_is_sent_over_https_with_production_values(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_every_page_has_a_csp_without_inline_script_or_style(client):
    response = client.get(reverse("accounts:login"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_our_pages_and_the_admin_use_no_inline_script(client, officer):
    """Under `script-src 'self'` inline script would not run: none of these pages has any."""
    pages = [reverse("accounts:login"), "/", "/klantreactie/"]
    administrator = UserFactory(username="beheer", role=Role.ADMINISTRATOR)
    for page in pages:
        html = client.get(page).content.decode()
        assert INLINE_SCRIPT.findall(html) == [], page
        assert ' style="' not in html, page
    feedback = FeedbackFactory(answered=True)
    login_staff(client, officer)
    for page in ["/staff/", f"/staff/dossiers/{feedback.pk}/", "/staff/dashboard/"]:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert INLINE_SCRIPT.findall(html) == [], page
        assert ' style="' not in html, page
    client.logout()
    login_staff(client, administrator)
    for page in ["/admin/", "/admin/organisation/location/", "/admin/organisation/location/add/"]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert INLINE_SCRIPT.findall(response.content.decode()) == [], page
    for page in [reverse("organisation:staff"), reverse("organisation:staff_invite")]:
        html = client.get(page).content.decode()
        assert INLINE_SCRIPT.findall(html) == [], page
        assert ' style="' not in html, page


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_and_same_site(client):
    user = UserFactory(username="root")
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    login = reverse("accounts:login")
    client.get(login)
    code = f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
    response = client.post(
        login, {"username": user.username, "password": "een-goed-wachtwoord", "otp_token": code}
    )
    assert response.status_code == 302
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_staff_are_signed_out_after_the_idle_time(client, time_machine, quality_lead):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    login_staff(client, quality_lead)
    assert client.session[LAST_SEEN_KEY] == int(start.timestamp())
    time_machine.move_to(start + dt.timedelta(minutes=29), tick=False)
    assert client.get("/staff/toegangslog/").status_code == 200
    # Every request resets the clock: 29 + 29 minutes is still fine.
    time_machine.move_to(start + dt.timedelta(minutes=58), tick=False)
    assert client.get("/staff/toegangslog/").status_code == 200
    time_machine.move_to(start + dt.timedelta(minutes=89), tick=False)
    response = client.get("/staff/toegangslog/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_idle_time_is_configurable(client, time_machine, quality_lead, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "STAFF_IDLE_MINUTES": 5}
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    login_staff(client, quality_lead)
    time_machine.move_to(start + dt.timedelta(minutes=6), tick=False)
    assert client.get("/staff/toegangslog/").status_code == 302


@pytest.mark.django_db
def test_uploads_are_never_served_from_media_url(client, media_root):
    path = media_root / "dossiers" / "2025" / "bijlage.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.4 geheim")
    response = client.get(f"{settings.MEDIA_URL}dossiers/2025/bijlage.pdf")
    assert response.status_code == 404
    assert b"geheim" not in response.content
    assert client.get("/static/../.klachtwijs/media/dossiers/2025/bijlage.pdf").status_code == 404


def test_static_and_media_folders_do_not_overlap():
    static_root = Path(settings.STATIC_ROOT).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert not media_root.is_relative_to(static_root)
    assert not static_root.is_relative_to(media_root)
    for folder in getattr(settings, "STATICFILES_DIRS", []):
        assert not media_root.is_relative_to(Path(folder).resolve())
    assert settings.MEDIA_URL != settings.STATIC_URL
    assert not settings.MEDIA_URL.startswith(settings.STATIC_URL)


@pytest.mark.parametrize("password", ["kort", "123456789012345", "password1234", "medewerker1234"])
@pytest.mark.django_db
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="medewerker1234")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
def test_a_long_unusual_password_is_accepted():
    validate_password("paard-nietje-accu-batterij", UserFactory.build())
