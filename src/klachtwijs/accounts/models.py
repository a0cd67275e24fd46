"""Invitation links: how a staff member sets their password and enrols their authenticator.

A row is also the record of who sent it and when it was used (an invitation, or a reset after a
lost device), so the staff page can show an account's history. Rows are never deleted by the
application; a newer link for the same person revokes the older one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
