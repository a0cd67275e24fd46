"""Webhooks for other systems (the parent app, the quality system): who wants which events,
and one delivery row per event per subscription, queued like the mail outbox.

A delivery is written in the business transaction that caused it, so an event that is rolled
back sends nothing and one that is committed is never lost; the worker claims, signs, sends and
retries it (`sending.py`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.core.changes import ChangeSignallingQuerySet


class WebhookSubscription(models.Model):
    """A receiving system: its address, the events it wants and the key it checks our
    signature with. Without `may_carry_personal_data` its payloads hold ids, reference, kind,
    location, status and dates only (LEGAL.md P1: minimal data)."""

    name = models.CharField(_("naam"), max_length=100)
    url = models.URLField(_("adres (URL)"), max_length=500)
    events = models.JSONField(_("gebeurtenissen"), default=list)
    secret = models.CharField(_("geheime sleutel"), max_length=100)
    is_active = models.BooleanField(_("actief"), default=True)
    may_carry_personal_data = models.BooleanField(_("mag persoonsgegevens bevatten"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name

    def wants(self, event: str) -> bool:
        return self.is_active and event in self.events


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("wacht op verzending")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("afgeleverd")
        FAILED = "failed", _("opgegeven")

    # The id the receiver sees (X-Klachtwijs-Delivery): the same on every retry, so it can
    # recognise a delivery it already processed.
    uuid = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("gebeurtenis"), max_length=40)
    feedback = models.ForeignKey(
        "feedback.Feedback",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_deliveries",
    )
    # The JSON sent, fixed when queued. Emptied once a delivery with personal data is done.
    body = models.TextField(_("inhoud"), blank=True)
    personal = models.BooleanField(_("met persoonsgegevens"), default=False)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("laatste antwoordcode"), null=True)
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook-aflevering")
        verbose_name_plural = _("webhook-afleveringen")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"
