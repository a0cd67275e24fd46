"""The access log (LEGAL.md P3, after NEN 7513): who looked at which dossier, when, from where.

Append-only: a row is written once and never changed or deleted by the application. The log
holds identifiers only (user, dossier id, document id, path, view name), never
complaint text or the parent's data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

APPEND_ONLY = "Het toegangslog kan alleen worden aangevuld, niet gewijzigd of verwijderd."


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete access-log rows."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)

    def delete(self):
        raise AppendOnlyError(APPEND_ONLY)

    # bulk_update goes through update(); keep the message the same.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(APPEND_ONLY)


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("dossier bekeken")
        CHANGE = "change", _("dossier gewijzigd")
        DOWNLOAD = "download", _("document gedownload")
        EXPORT = "export", _("lijst geëxporteerd")
        API = "api", _("API gebruikt")
        SUBJECT_EXPORT = "subject_export", _("inzage ouder gemaakt")
        SUBJECT_ERASE = "subject_erase", _("gegevens ouder gewist")
        SIGN_IN = "sign_in", _("ingelogd via organisatie-account")
        SIGN_IN_REFUSED = "sign_in_refused", _("inloggen via organisatie-account geweigerd")

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    # PROTECT: a user who appears in the log is deactivated, never deleted (NEN 7513).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medewerker"),
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    action = models.CharField(_("handeling"), max_length=16, choices=Action.choices)
    # Plain ids, no foreign keys: the log outlives anonymised dossiers and deleted documents.
    feedback_id = models.PositiveBigIntegerField(_("dossier-id"), null=True, blank=True)
    document_id = models.PositiveBigIntegerField(_("document-id"), null=True, blank=True)
    # The path only, never the query string: a search term may hold a name.
    path = models.CharField(_("adres"), max_length=300, blank=True)
    view_name = models.CharField(_("scherm"), max_length=150, blank=True)
    method = models.CharField(_("methode"), max_length=10, blank=True)
    status_code = models.PositiveSmallIntegerField(_("antwoord"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    # A short, fixed note for log rows that are not page requests (commands), e.g. "3 dossiers".
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["feedback_id", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.at:%d-%m-%Y %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)


class RateCount(models.Model):
    """Requests of one client address in the current window of one rate limit
    (`intake.ratelimit`): a row per key, counted up by a single statement, in the database so
    every worker process counts the same."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
