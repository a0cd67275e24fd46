"""A real OpenID Connect provider (tests/oidc_provider, django-oauth-toolkit) in its own
process on a free loopback port, started once per test session, and a helper that drives a
sign-in through it as a browser would: our start page → the provider's login form (consent is
skipped) → our callback. Nothing of the token exchange is mocked."""

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from tests.oidc_provider.serve import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "klachtwijs-test"
CLIENT_SECRET = "klachtwijs-test-secret-0123456789"  # noqa: S105
REDIRECT_URI = "http://testserver/staff/account/oidc/terug/"


@dataclass(frozen=True)
class Provider:
    issuer: str

    def settings(self, **extra) -> dict:
        return {
            "ISSUER": self.issuer,
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "SCOPES": "openid email profile",
            "SIGN_ALGO": "RS256",
            "GROUPS_CLAIM": "groups",
            "MFA_AMR": ["mfa", "otp", "hwk"],
            "MFA_ACR": [],
            **extra,
        }


@pytest.fixture(scope="session")
def oidc_provider():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", CLIENT_ID, CLIENT_SECRET, REDIRECT_URI],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.match(r"PORT (\d+)", line)
        assert match, f"the provider did not start: {line!r}"
        yield Provider(issuer=f"http://127.0.0.1:{match.group(1)}/o")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, oidc_provider):
    settings.KLACHTWIJS_OIDC = oidc_provider.settings()
    return oidc_provider


def sign_in(client: Client, username: str, *, next_url: str = "/staff/"):
    """Start at our sign-in button, sign in at the provider as `username`, and return our
    callback's response."""
    start = client.get(f"/staff/account/oidc/?next={next_url}")
    assert start.status_code == 302, start
    browser = requests.Session()
    page = browser.get(start["Location"], timeout=10)  # → the provider's login form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )
    # The provider's login → its authorize endpoint → (consent skipped) back to us.
    while answer.status_code == 302 and not answer.headers["Location"].startswith(REDIRECT_URI):
        answer = browser.get(
            requests.compat.urljoin(answer.url, answer.headers["Location"]),
            allow_redirects=False,
            timeout=10,
        )
    back = answer.headers["Location"]
    assert back.startswith(REDIRECT_URI), back
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")
