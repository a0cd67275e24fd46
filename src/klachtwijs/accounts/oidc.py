"""Single sign-on for staff with OpenID Connect (issue 15, item 4), on mozilla-django-oidc.

The provider is configured in `settings.KLACHTWIJS_OIDC` (README, "Single sign-on"): its issuer
(the endpoints are then read from its discovery document) or the endpoints themselves, the
client id and secret, the claim that carries the groups, and which `amr`/`acr` values prove
multi-factor authentication. The library does the authorization-code flow (with state, nonce
and PKCE) and checks the ID token's signature against the provider's keys; this module adds
the checks it leaves out (issuer, audience, expiry), reads the groups and asks the accounts
service which account and role they give (`services.staff_sign_in_oidc`).
"""

import logging
from functools import lru_cache

import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from klachtwijs.accounts import services
from klachtwijs.core.sso import oidc_conf, oidc_enabled

logger = logging.getLogger(__name__)

BACKEND = "klachtwijs.accounts.oidc.OidcBackend"
CALLBACK_URL = "oidc:callback"
TIMEOUT = 10  # seconds for every request to the provider
# The library's setting names and where ours come from: our configuration or the discovery
# document (explicit endpoints win over discovery).
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": ("AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    "OIDC_OP_TOKEN_ENDPOINT": ("TOKEN_ENDPOINT", "token_endpoint"),
    "OIDC_OP_USER_ENDPOINT": ("USERINFO_ENDPOINT", "userinfo_endpoint"),
    "OIDC_OP_JWKS_ENDPOINT": ("JWKS_ENDPOINT", "jwks_uri"),
}
FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL,
    "OIDC_USE_PKCE": True,
    "OIDC_USE_NONCE": True,
    "OIDC_TIMEOUT": TIMEOUT,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_RP_IDP_SIGN_KEY": None,
}
OURS = {
    "OIDC_RP_CLIENT_ID": "CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "CLIENT_SECRET",
    "OIDC_RP_SIGN_ALGO": "SIGN_ALGO",
    "OIDC_RP_SCOPES": "SCOPES",
}


@lru_cache(maxsize=8)
def _discovery(issuer: str) -> dict:
    """The provider's discovery document (cached per process; a failure is not cached)."""
    response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ImproperlyConfigured("KLACHTWIJS_OIDC_ISSUER differs from the provider's issuer")
    return document


def setting(attr: str, *default):
    """The library's settings, answered from KLACHTWIJS_OIDC (read at each use)."""
    conf = oidc_conf()
    if attr in ENDPOINTS:
        ours, discovered = ENDPOINTS[attr]
        if conf.get(ours):
            return conf[ours]
        if conf.get("ISSUER"):
            return _discovery(conf["ISSUER"]).get(discovered)
        return None
    if attr in FIXED:
        return FIXED[attr]
    if attr in OURS:
        return conf.get(OURS[attr])
    return import_from_settings(attr, *default)


def mfa_asserted(id_token: dict) -> bool:
    """Did the provider say this sign-in used more than a password? `amr` (RFC 8176) holds one
    of the configured methods, or `acr` is one of the configured levels. Only the ID token
    counts: it is signed by the provider and bound to this sign-in by its nonce."""
    conf = oidc_conf()
    amr = id_token.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(conf.get("MFA_AMR") or []):
        return True
    return str(id_token.get("acr", "")) in set(conf.get("MFA_ACR") or [])


def _groups(claims: dict) -> list[str]:
    value = claims.get(oidc_conf().get("GROUPS_CLAIM") or "groups") or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value]


class OidcBackend(OIDCAuthenticationBackend):
    """The authentication backend of the OIDC callback. Answers only the callback (a call with
    a nonce), never a password sign-in, and only while single sign-on is configured.

    On the request it leaves `oidc_mfa` (the ID token asserted MFA) or `oidc_refused`
    (`services.OidcRefused`, with who tried) for the callback view.
    """

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs) -> None:
        # The library reads its settings here; ours are read per sign-in (see _load).
        self.UserModel = get_user_model()

    def _load(self) -> None:
        for name in (*ENDPOINTS, *OURS, "OIDC_RP_IDP_SIGN_KEY"):
            setattr(self, name, setting(name))

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        if "username" in kwargs or "password" in kwargs:
            return None
        self._load()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs) -> dict:
        """The library checks the signature and the nonce; the issuer, the audience and the
        expiry are checked here (OpenID Connect Core 3.1.3.7)."""
        payload = super().verify_token(token, **kwargs)
        issuer = oidc_conf().get("ISSUER")
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if "exp" not in payload or "sub" not in payload:
            raise SuspiciousOperation("ID token without exp or sub")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = {}
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub", payload["sub"]) != payload["sub"]:
                raise SuspiciousOperation("userinfo for another subject")
        claims = {**payload, **userinfo}
        try:
            user = services.staff_sign_in_oidc(
                issuer=str(payload.get("iss", "")),
                subject=str(payload["sub"]),
                email=str(claims.get("email") or ""),
                first_name=str(claims.get("given_name") or ""),
                last_name=str(claims.get("family_name") or ""),
                groups=_groups(claims),
            )
        except services.OidcRefused as refused:
            refused.username = str(claims.get("email") or claims.get("sub"))[:150]
            self.request.oidc_refused = refused
            return None
        self.request.oidc_mfa = mfa_asserted(payload)
        return user
