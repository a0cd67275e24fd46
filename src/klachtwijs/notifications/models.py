"""The mail outbox: one row per message, written in the business transaction.

A failing mail server delays mail but never loses it: the worker claims a row, sends it and
marks it sent, or schedules a retry with back-off (see `services.py`).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("wacht op verzending")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")

    kind = models.CharField(_("soort"), max_length=40)
    feedback = models.ForeignKey(
        "feedback.Feedback",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    to = models.EmailField(_("aan"))
    # The dossier's signed reply address on mail to the parent (notifications/reply.py), so a
    # parent's answer reaches the dossier; empty on staff mail and while the setting is off.
    reply_to = models.EmailField(_("antwoord naar"), blank=True, default="")
    subject = models.CharField(_("onderwerp"), max_length=250)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    # Set once, before the first try, and sent with every retry (sending.py).
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, default="")
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class MailTemplate(models.Model):
    """The organisation's own text for one kind of mail, in Django template syntax.

    The defaults are the files in `templates/notifications/mail/`; a data migration copies
    them here so the organisation can edit them in the admin. A kind without a row here is
    rendered from its files.
    """

    kind = models.CharField(_("soort"), max_length=40, unique=True)
    description = models.CharField(_("waarvoor"), max_length=200, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=250)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(
        _("HTML (niet verplicht)"),
        blank=True,
        help_text=_("Laat leeg voor alleen platte tekst."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("e-mailtekst")
        verbose_name_plural = _("e-mailteksten")

    def __str__(self) -> str:
        return self.description or self.kind

    def clean(self) -> None:
        """Refuse a text that does not compile, so a typo never stops the mail."""
        from django.core.exceptions import ValidationError
        from django.template import TemplateSyntaxError, engines

        errors = {}
        for field in ("subject", "body_text", "body_html"):
            try:
                engines["django"].from_string(getattr(self, field))
            except TemplateSyntaxError as exc:
                errors[field] = _("Deze tekst bevat een fout: %(error)s") % {"error": exc}
        if errors:
            raise ValidationError(errors)


class OutboxAttachment(models.Model):
    """A file a message carries. The outbox keeps its own rows, so sending needs nothing of the
    apps that queue mail: `file` names the stored file (a letter, the annual report) in the
    storage where its owner keeps it; no copy is made."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    file = models.FileField(_("bestand"), max_length=255)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return f"bijlage {self.pk}"
