"""The only writers of API tokens and their service accounts."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from klachtwijs.api.models import ApiToken
from klachtwijs.organisation.models import Location, User

KEY_PREFIX = "kw_"
# Writing `last_used_at` on every call would make each read a write; once a minute is enough.
TOUCH_EVERY = timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _service_user_sync(token: ApiToken, *, locations: Iterable[Location], active: bool) -> None:
    """Give the token's service account the token's role, designation and locations."""
    user = token.user
    user.role = token.role
    user.meldcode_designated = token.meldcode_designated
    user.is_active = active
    user.first_name = "API"
    user.last_name = token.name[:150]
    user.save(update_fields=["role", "meldcode_designated", "is_active", "first_name", "last_name"])
    user.locations.set(locations)


def _username_free(name: str) -> str:
    base = f"api-{name}"[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


@transaction.atomic
def api_token_create(
    *,
    name: str,
    role: str,
    locations: Iterable[Location] = (),
    meldcode_designated: bool = False,
) -> tuple[ApiToken, str]:
    """Make a token and its service account; return the token and the key (shown once)."""
    locations = list(locations)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    user = User(username=_username_free(name.strip()), role=role)
    user.set_unusable_password()
    user.save()
    token = ApiToken.objects.create(
        name=name.strip(),
        prefix=key[:10],
        key_hash=key_hash(key),
        role=role,
        meldcode_designated=meldcode_designated,
        user=user,
    )
    token.locations.set(locations)
    _service_user_sync(token, locations=locations, active=True)
    return token, key


@transaction.atomic
def api_token_update(
    *,
    token_id: int,
    name: str,
    role: str,
    locations: Iterable[Location] = (),
    meldcode_designated: bool = False,
) -> ApiToken:
    """Change a token's name, role and scope; its service account follows."""
    locations = list(locations)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token_id)
    token.name, token.role = name.strip(), role
    token.meldcode_designated = meldcode_designated
    token.save(update_fields=["name", "role", "meldcode_designated"])
    token.locations.set(locations)
    _service_user_sync(token, locations=locations, active=token.is_active)
    return token


@transaction.atomic
def api_token_revoke(*, token_id: int) -> ApiToken:
    """Revoke a token for good: the key stops working and the service account is disabled."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    token.user.is_active = False
    token.user.save(update_fields=["is_active"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note that the token was used (at most once a minute, without locking)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
