"""Writes of the first run: the organisation's name and its first administrator."""

import base64
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.organisation.models import Role, User
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.organisation.setup import PLACEHOLDER_NAME, administrator_exists

ALREADY_SET_UP = (
    "Deze installatie is al ingericht: er is al een beheerder of de organisatie heeft al een "
    "naam. Log in en ga naar /staff/inrichting/ om verder te gaan. Een nieuwe beheerder maakt "
    "een bestaande beheerder aan in de back-office."
)
ISSUER = "Klachtwijs"


@dataclass(frozen=True)
class FirstRun:
    user: User
    device: TOTPDevice

    @property
    def secret(self) -> str:
        """The TOTP secret in base32, as authenticator apps take it when typed."""
        return base64.b32encode(self.device.bin_key).decode().rstrip("=")

    @property
    def uri(self) -> str:
        """The otpauth:// URI a QR code carries (django-otp's own, with our issuer)."""
        return self.device.config_url


def setup_refusal() -> str | None:
    """Why `klachtwijs setup` may not run now, or None."""
    if administrator_exists() or organisation_get().name.strip() not in ("", PLACEHOLDER_NAME):
        return ALREADY_SET_UP
    return None


# The roles the first account may have: the administrator, or (in a small organisation where
# the person who installs also handles complaints) the quality lead, who may set up, invite and
# handle; `access.ACTIONS` decides what each may do.
FIRST_ROLES = {"beheerder": Role.ADMINISTRATOR, "hoofd-kwaliteit": Role.QUALITY_LEAD}


@transaction.atomic
def first_run(
    *,
    organisation_name: str,
    username: str,
    email: str,
    password: str,
    confirmed: bool = True,
    role: str = Role.ADMINISTRATOR,
) -> FirstRun:
    """Name the organisation and make its first account (`role`: the administrator, or the
    quality lead, `FIRST_ROLES`) with a confirmed authenticator.

    Raises ValidationError (Dutch, per field) for a bad value, or with ALREADY_SET_UP when an
    administrator exists or the organisation already has its name: set-up runs once.
    `confirmed=False`: the authenticator works only after `authenticator_confirm` (the command
    asks for a code first, inside the same transaction).
    """
    refusal = setup_refusal()
    if refusal:
        raise ValidationError(refusal)
    errors: dict[str, list[str]] = {}
    organisation_name, username, email = organisation_name.strip(), username.strip(), email.strip()
    if not organisation_name or organisation_name == PLACEHOLDER_NAME:
        errors["organisation"] = ["Vul de naam van uw organisatie in."]
    if not username:
        errors["username"] = ["Vul een gebruikersnaam in."]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["Deze gebruikersnaam bestaat al."]
    else:
        try:
            User.username_validator(username)
        except ValidationError:
            errors["username"] = ["Gebruik alleen letters, cijfers en @ . + - _ (geen spaties)."]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ["Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."]
    if role not in FIRST_ROLES.values():
        errors["role"] = ["Kies de rol beheerder of hoofd kwaliteit."]
    user = User(username=username, email=email, role=role)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    organisation = organisation_get()
    organisation.name = organisation_name
    organisation.save(update_fields=["name"])
    user.set_password(password)
    user.save()
    device = TOTPDevice.objects.create(user=user, name=ISSUER, confirmed=confirmed)
    return FirstRun(user=user, device=device)


def authenticator_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the authenticator with a code from the app; False when the code is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True
