"""Who is calling: a system with an API token, or a staff member with a verified session.

A token maps to its own service account (a `User`), so `organisation.access` decides for
systems exactly as it does for people.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import BasePermission

from klachtwijs.api.models import ApiToken
from klachtwijs.api.services import api_token_touch, key_hash

INVALID_TOKEN = "Deze API-sleutel is onbekend of ingetrokken."  # noqa: S105 (a message)
NOT_VERIFIED = "Meld u aan met uw tweede stap (authenticator-app) om de API te gebruiken."


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`; unknown or revoked keys are refused with 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from None
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=key_hash(key), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class IsStaffOrSystem(BasePermission):
    """Signed in: with a token, or with a session whose second factor is verified."""

    message = NOT_VERIFIED

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if isinstance(request.auth, ApiToken):
            return True
        is_verified = getattr(user, "is_verified", None)
        return bool(is_verified and is_verified())


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "klachtwijs.api.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een API-sleutel die de beheerder heeft aangemaakt.",
        }
