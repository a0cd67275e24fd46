"""Reading an invitation page as an authenticator app would: the QR code's otpauth URI, its
secret, and the code the app shows now."""

import base64
import html
import re
import time
from urllib.parse import parse_qs, urlparse

from django_otp.oath import TOTP

OTPAUTH = re.compile(r'data-otpauth="([^"]+)"')
LINK = re.compile(r"https?://[^/\s]+(/staff/account/uitnodiging/[^/\s]+/)")


def otpauth_uri(page: str) -> str:
    return html.unescape(OTPAUTH.search(page).group(1))


def secret_of(uri: str) -> str:
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth"
    assert parsed.netloc == "totp"
    return parse_qs(parsed.query)["secret"][0]


def code_for(secret: str, *, later: int = 0) -> str:
    """The 6 digits an app shows for this secret now (or `later` seconds from now)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    clock = TOTP(key)
    clock.time = time.time() + later
    return f"{clock.token():06d}"


def link_path(body: str) -> str:
    """The path of the one-time link in a mail's text."""
    return LINK.search(body).group(1)
