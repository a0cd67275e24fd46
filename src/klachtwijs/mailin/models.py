"""Every mail read from the reply mailbox: one row each, keyed by its Message-ID, so a mail is
processed exactly once however often the mailbox is read (and after a crash half-way).

Only a mail that found no dossier keeps its content (sender, subject, text, the mail itself),
for the quality department to link or discard; that content is personal data and is cleared
once decided, once its dossier is anonymised, or after the retention term (LEGAL.md P2,
`services.mail_purge_due`). A mail added to a dossier lives on in the dossier (its timeline
entry and files); its row here keeps no content.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboundMail(models.Model):
    class Outcome(models.TextChoices):
        ADDED = "added", _("toegevoegd aan het dossier")
        IGNORED = "ignored", _("genegeerd (automatisch bericht)")
        UNMATCHED = "unmatched", _("wacht op koppelen")
        LINKED = "linked", _("gekoppeld aan een dossier")
        DISCARDED = "discarded", _("weggegooid")

    class Reason(models.TextChoices):
        NONE = "", _("-")
        AUTO_REPLY = "auto_reply", _("automatisch antwoord")
        BOUNCE = "bounce", _("onbestelbaar-melding")
        MISSING = "missing", _("geen antwoordadres van een dossier")
        FORGED = "forged", _("antwoordadres niet geldig")
        CLOSED = "closed", _("dossier afgesloten")
        EXPIRED = "expired", _("dossier afgesloten en verlopen")
        EMPTY = "empty", _("bericht zonder tekst")

    # SHA-256 of the Message-ID (or of the whole mail, when it has none).
    message_key = models.CharField(max_length=64, unique=True, editable=False)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(
        _("reden"), max_length=10, choices=Reason.choices, blank=True, default=""
    )
    # The dossier it was added or linked to; for an unmatched mail, the dossier its valid
    # reply address named (closed or expired), so only who may see that dossier reads it.
    feedback = models.ForeignKey(
        "feedback.Feedback",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier"),
    )
    sender = models.CharField(_("afzender"), max_length=250, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=250, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    attachment_names = models.JSONField(_("bijlagen"), default=list, blank=True)
    raw = models.FileField(_("bericht"), upload_to="mailin/%Y/", blank=True, max_length=255)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    purged_at = models.DateTimeField(_("inhoud gewist op"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("binnengekomen e-mail")
        verbose_name_plural = _("binnengekomen e-mails")
        indexes = [models.Index(fields=["outcome", "received_at"])]

    def __str__(self) -> str:
        return f"e-mail {self.pk} ({self.outcome})"
