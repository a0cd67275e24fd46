"""Whether single sign-on (OpenID Connect) is configured: read by the sign-in page (which
offers it) and by accounts/oidc.py (which does it). Settings only, no network."""

from django.conf import settings

ENDPOINTS = ("AUTHORIZATION_ENDPOINT", "TOKEN_ENDPOINT", "JWKS_ENDPOINT")


def oidc_conf() -> dict:
    return getattr(settings, "KLACHTWIJS_OIDC", None) or {}


def oidc_enabled() -> bool:
    """On when a client id is set and the provider is known: its issuer (discovery) or its
    authorization, token and key endpoints."""
    conf = oidc_conf()
    known = bool(conf.get("ISSUER")) or all(conf.get(name) for name in ENDPOINTS)
    return bool(conf.get("CLIENT_ID")) and known
