"""Staff accounts: invite, change, reset the authenticator, and accept a link.

Staff are invited, not configured (issue 14): the administrator or the quality lead enters a
person; the person sets their own password and enrols their own authenticator through a
one-time link. Nobody sets another person's password or sees their TOTP secret. Who may do
this to whom is `access.staff_manageable` / `access.roles_assignable`.
"""

import base64
import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.accounts.models import Invitation
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, User

logger = logging.getLogger(__name__)

LINK_VALID_FOR = timedelta(days=7)
DEVICE_NAME = "Authenticator-app"
EMAIL_TAKEN = "Er is al een account met dit e-mailadres."
ROLE_NOT_ALLOWED = "Deze rol kunt u niet geven."
PASSWORDS_DIFFER = "De twee wachtwoorden zijn niet gelijk."
CODE_WRONG = "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien."
MAIL_KIND = {Invitation.Purpose.INVITE: "staff_invitation", Invitation.Purpose.RESET: "staff_reset"}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation:accept", kwargs={"token": token})


def _check_role(by: User, role: str) -> None:
    if role not in access.roles_assignable(by):
        raise ValidationError({"role": _(ROLE_NOT_ALLOWED)})


def _check_email(email: str, *, exclude: int | None = None) -> None:
    taken = User.objects.filter(email__iexact=email) | User.objects.filter(username__iexact=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"email": _(EMAIL_TAKEN)})


def _link_send(*, user: User, purpose: str, by: User, at: datetime) -> Invitation:
    """Revoke the person's open links, make a new one, and queue the mail that carries it."""
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=at
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        purpose=purpose,
        token_hash=token_hash(token),
        created_by=by,
        created_at=at,
        expires_at=at + LINK_VALID_FOR,
    )
    message_queue(
        kind=MAIL_KIND[purpose],
        to=user.email,
        context={
            "user": user,
            "by": by,
            "url": invitation_url(token),
            "expires_at": invitation.expires_at,
            "login_url": settings.SITE_URL + reverse("accounts:login"),
        },
        at=at,
    )
    logger.info("Account link (%s) for user %s sent by user %s", purpose, user.pk, by.pk)
    return invitation


@transaction.atomic
def staff_invite(
    *,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    locations: Iterable[Location] = (),
    by: User,
    at: datetime | None = None,
) -> Invitation:
    """Make an account for a new staff member and mail them their one-time link.

    The account has no usable password and no authenticator until the person accepts the link,
    so it cannot be signed into before then. The user name is the e-mail address.
    """
    access.require(by, "staff_manage")
    at = at or timezone.now()
    email = email.strip().lower()
    _check_role(by, role)
    _check_email(email)
    user = User(username=email, email=email, first_name=first_name, last_name=last_name, role=role)
    user.set_unusable_password()
    user.save()
    user.locations.set(locations)
    return _link_send(user=user, purpose=Invitation.Purpose.INVITE, by=by, at=at)


@transaction.atomic
def staff_update(
    *,
    user_id: int,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    locations: Iterable[Location],
    is_active: bool,
    by: User,
) -> User:
    """Change a person's name, address, role, locations or whether the account works."""
    user = _manageable(by, user_id)
    email = email.strip().lower()
    _check_role(by, role)
    _check_email(email, exclude=user.pk)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.role, user.is_active = role, is_active
    user.save(update_fields=["first_name", "last_name", "email", "role", "is_active"])
    user.locations.set(locations)
    return user


def _manageable(by: User, user_id: int) -> User:
    access.require(by, "staff_manage")
    user = access.staff_manageable(by).select_for_update(of=("self",)).filter(pk=user_id).first()
    if user is None:
        raise PermissionDenied
    return user


@transaction.atomic
def authenticator_reset(*, user_id: int, by: User, at: datetime | None = None) -> Invitation:
    """Lost device (or an invitation that expired): remove the person's authenticators and mail
    a new one-time link with which they set a new password and enrol again.

    For someone who never accepted their invitation this sends a new invitation. The row it
    writes (who, when) is the record of the reset, shown on the person's staff page.
    """
    user = _manageable(by, user_id)
    at = at or timezone.now()
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(user=user).delete()
    purpose = Invitation.Purpose.RESET if enrolled else Invitation.Purpose.INVITE
    return _link_send(user=user, purpose=purpose, by=by, at=at)


# --- the person's side: the one-time link ---------------------------------------------------


def invitation_valid(*, token: str, at: datetime | None = None) -> Invitation | None:
    """The link's invitation if it can still be used (not used, not replaced, not expired, the
    account active), else None. Unknown, used and expired links are answered alike."""
    at = at or timezone.now()
    return (
        Invitation.objects.select_related("user")
        .filter(
            token_hash=token_hash(token),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=at,
            user__is_active=True,
        )
        .first()
    )


def enrolment_device(invitation: Invitation) -> TOTPDevice:
    """The authenticator being enrolled with this link: unconfirmed until a code matches, so it
    cannot sign anyone in; the same one on every visit, so a scanned code keeps working."""
    device = TOTPDevice.objects.filter(user=invitation.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=invitation.user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def invitation_accept(
    *, token: str, password: str, password_again: str, code: str, at: datetime | None = None
) -> tuple[User, TOTPDevice]:
    """Set the password and confirm the authenticator with one code; the link is then used.

    Raises ValidationError per field (`password`, `password_again`, `code`) and changes nothing
    when one of them is wrong; a link that cannot be used raises ValueError (the view shows its
    "link not valid" page). Django's password validators decide the password.
    """
    at = at or timezone.now()
    invitation = invitation_valid(token=token, at=at)
    if invitation is None:
        raise ValueError("invalid link")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValueError("invalid link")
    user = invitation.user
    errors: dict[str, list] = {}
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if password != password_again:
        errors["password_again"] = [_(PASSWORDS_DIFFER)]
    device = enrolment_device(invitation)
    code = code.strip().replace(" ", "")
    # django-otp's own check (the clock now, its tolerance and drift, no code used twice).
    if not (code.isdigit() and device.verify_token(code)):
        errors["code"] = [_(CODE_WRONG)]
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save(update_fields=["password"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    invitation.used_at = at
    invitation.save(update_fields=["used_at"])
    logger.info("Account link (%s) used by user %s", invitation.purpose, user.pk)
    return user, device


def device_secret(device: TOTPDevice) -> str:
    """The device's key as an authenticator app types it (base32). Shown only while the
    device is being enrolled (the invitation page); never after."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")
