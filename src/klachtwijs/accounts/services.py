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

from klachtwijs.accounts.models import Invitation, OidcGroupMapping, OidcIdentity, OidcMfaDevice
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
    _check_role(by, role)
    user = _account_new(
        first_name=first_name, last_name=last_name, email=email, role=role, locations=locations
    )
    return _link_send(user=user, purpose=Invitation.Purpose.INVITE, by=by, at=at)


def _account_new(
    *, first_name: str, last_name: str, email: str, role: str, locations: Iterable[Location]
) -> User:
    """A staff account without a usable password: the one way accounts are made, for an
    invitation and for a first sign-in through the identity provider alike."""
    email = email.strip().lower()
    _check_email(email)
    user = User(username=email, email=email, first_name=first_name, last_name=last_name, role=role)
    user.set_unusable_password()
    user.save()
    user.locations.set(locations)
    return user


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
    return _unconfirmed_device(invitation.user)


def _unconfirmed_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
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


# --- single sign-on (OpenID Connect) ---------------------------------------------------------

OIDC_NO_GROUP = (
    "Uw organisatie-account hoort bij geen groep die toegang geeft tot Klachtwijs. Vraag de "
    "beheerder of het hoofd kwaliteit om uw groep te koppelen aan een rol."
)
OIDC_ROLES_DIFFER = (
    "Uw groepen geven verschillende rollen in Klachtwijs. Vraag de beheerder of het hoofd "
    "kwaliteit om dit recht te zetten."
)
OIDC_ACCOUNT_OFF = "Uw account in Klachtwijs is uitgezet. Vraag de beheerder wat er aan de hand is."
OIDC_NOT_A_PERSON = "Met dit organisatie-account kunt u niet inloggen in Klachtwijs."


class OidcRefused(Exception):
    """A sign-in through the identity provider that Klachtwijs refuses; `code` goes to the
    access log, the message (Dutch) to the person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def oidc_role_for(groups: Iterable[str]) -> tuple[str, list[Location]]:
    """The role and the locations that the person's groups are mapped to (OidcGroupMapping).

    No mapped group, or mapped groups that disagree on the role, is a refusal: a role is never
    guessed, so nobody gets more than the organisation decided."""
    mappings = list(
        OidcGroupMapping.objects.filter(group__in=list(groups)).prefetch_related("locations")
    )
    if not mappings:
        raise OidcRefused("no_group", _(OIDC_NO_GROUP))
    roles = {m.role for m in mappings}
    if len(roles) > 1:
        raise OidcRefused("roles_differ", _(OIDC_ROLES_DIFFER))
    locations = {loc.pk: loc for m in mappings for loc in m.locations.all()}
    return roles.pop(), list(locations.values())


@transaction.atomic
def staff_sign_in_oidc(
    *,
    issuer: str,
    subject: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    groups: Iterable[str],
    at: datetime | None = None,
) -> User:
    """The staff account that a sign-in through the identity provider is for, with the role
    and locations its groups are mapped to now (so a change of group at the provider changes
    them here at the next sign-in).

    Found by the provider's subject; the first time by the e-mail address (an invited colleague
    who now signs in through the organisation), else made like an invited account (no usable
    password). Raises OidcRefused: no mapped group, groups that disagree, an account that was
    switched off, or an API token's service account.
    """
    at = at or timezone.now()
    role, locations = oidc_role_for(groups)
    identity = (
        OidcIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    email = (email or "").strip().lower()
    if identity is not None:
        user = identity.user
    else:
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is None:
            if not email:
                raise OidcRefused("no_email", _(OIDC_NOT_A_PERSON))
            user = _account_new(
                first_name=first_name,
                last_name=last_name,
                email=email,
                role=role,
                locations=locations,
            )
        identity = OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    if hasattr(user, "api_token"):
        raise OidcRefused("service_account", _(OIDC_NOT_A_PERSON))
    if not user.is_active:
        raise OidcRefused("account_off", _(OIDC_ACCOUNT_OFF))
    user.role = role
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.save(update_fields=["role", "first_name", "last_name"])
    user.locations.set(locations)
    identity.last_sign_in = at
    identity.save(update_fields=["last_sign_in"])
    logger.info("OIDC sign-in of user %s as %s", user.pk, role)
    return user


def oidc_mfa_device(user: User) -> OidcMfaDevice:
    """The marker device of a sign-in whose provider asserted MFA (one per person)."""
    device, _created = OidcMfaDevice.objects.get_or_create(
        user=user, defaults={"name": "Identiteitsprovider (MFA)"}
    )
    return device


def authenticator_enrolment(user: User) -> TOTPDevice | None:
    """For the second step after a sign-in through the provider: the person's authenticator
    to enrol (unconfirmed, the same on every visit), or None when one is already confirmed
    (then its code is asked, and no new one can be enrolled)."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    return _unconfirmed_device(user)


def authenticator_check(*, user: User, code: str) -> TOTPDevice | None:
    """The person's authenticator that `code` matches: a confirmed one, or the one being
    enrolled (which is then confirmed). None when the code is wrong."""
    code = (code or "").replace(" ", "")
    if not code.isdigit():
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    device = authenticator_enrolment(user)
    if device is not None and device.verify_token(code):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return device
    return None


# --- single sign-on: the group mapping (staff settings page) ---------------------------------

MAPPING_GROUP_TAKEN = "Deze groep is al gekoppeld."


def oidc_mappings_manageable(by: User):
    """The group mappings `by` may change: those giving a role `by` may give (so the quality
    lead cannot touch a mapping to the administrator role)."""
    if not access.can(by, "staff_manage"):
        return OidcGroupMapping.objects.none()
    return OidcGroupMapping.objects.filter(role__in=access.roles_assignable(by))


@transaction.atomic
def oidc_mapping_save(
    *,
    group: str,
    role: str,
    locations: Iterable[Location] = (),
    by: User,
    mapping_id: int | None = None,
) -> OidcGroupMapping:
    """Add or change which role and locations a provider group gives."""
    access.require(by, "staff_manage")
    _check_role(by, role)
    group = group.strip()
    if mapping_id is None:
        mapping = OidcGroupMapping()
    else:
        mapping = oidc_mappings_manageable(by).filter(pk=mapping_id).first()
        if mapping is None:
            raise PermissionDenied
    taken = OidcGroupMapping.objects.filter(group=group).exclude(pk=mapping.pk).exists()
    if taken:
        raise ValidationError({"group": _(MAPPING_GROUP_TAKEN)})
    mapping.group, mapping.role = group, role
    mapping.save()
    mapping.locations.set(locations)
    logger.info("OIDC group mapping %s set by user %s", mapping.pk, by.pk)
    return mapping


@transaction.atomic
def oidc_mapping_delete(*, mapping_id: int, by: User) -> None:
    access.require(by, "staff_manage")
    mapping = oidc_mappings_manageable(by).filter(pk=mapping_id).first()
    if mapping is None:
        raise PermissionDenied
    mapping.delete()
    logger.info("OIDC group mapping %s removed by user %s", mapping_id, by.pk)
