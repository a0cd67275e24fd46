"""Invitation links: how a staff member sets their password and enrols their authenticator.

A row is also the record of who sent it and when it was used (an invitation, or a reset after a
lost device), so the staff page can show an account's history. Rows are never deleted by the
application; a newer link for the same person revokes the older one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from klachtwijs.organisation.models import Location, Role


class Invitation(models.Model):
    class Purpose(models.TextChoices):
        INVITE = "invite", _("uitnodiging")
        RESET = "reset", _("authenticator opnieuw ingesteld")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("medewerker"),
    )
    purpose = models.CharField(_("soort"), max_length=10, choices=Purpose.choices)
    # Only the SHA-256 of the link's token is kept (STYLE.md §9): a copy of the database
    # opens no account.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verstuurd door"),
    )
    created_at = models.DateTimeField(_("verstuurd op"))
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.pk}"


class OidcGroupMapping(models.Model):
    """Single sign-on (OpenID Connect): a group from the organisation's identity provider and
    the role and locations it gives in Klachtwijs. Edited on the staff settings page by whoever
    `access` lets manage staff; read at every sign-in through the provider."""

    group = models.CharField(
        _("groep bij de identiteitsprovider"),
        max_length=200,
        unique=True,
        help_text=_("Precies zoals de provider de groep doorgeeft (naam of id)."),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    locations = models.ManyToManyField(
        Location, blank=True, related_name="+", verbose_name=_("vestigingen")
    )

    class Meta:
        ordering = ["group"]
        verbose_name = _("groepskoppeling")
        verbose_name_plural = _("groepskoppelingen")

    def __str__(self) -> str:
        return self.group


class OidcIdentity(models.Model):
    """Which staff account an identity at the provider (issuer + subject) signs in as: found by
    the provider's stable subject, not by an e-mail address that can change."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oidc_identity"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique")
        ]

    def __str__(self) -> str:
        return f"OIDC #{self.pk}"


class OidcMfaDevice(Device):
    """The second factor of a sign-in whose provider asserted multi-factor authentication
    (`amr`/`acr` in the ID token). It verifies no code: the only way to be signed in with it
    is the OIDC callback, after the provider's MFA (accounts/oidc.py)."""

    class Meta:
        verbose_name = _("MFA van de identiteitsprovider")

    def verify_token(self, token) -> bool:
        return False
