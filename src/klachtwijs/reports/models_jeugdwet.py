"""What only the Jeugdwet report needs (LEGAL.md R5, Jeugdwet 4.3.1–4.3.2), entered in the
product: the complaints committee's composition per year and whether it could do its work, the
report's adoption and publication, and to whom it was sent and when. Only `reports/jeugdwet.py`
writes these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeYear(models.Model):
    """The Jeugdwet complaints committee in one calendar year, as the report states it
    (Jeugdwet 4.2.1: at least three members, a chair who does not work for the provider)."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    members = models.TextField(_("leden (één per regel)"))
    chair = models.CharField(_("voorzitter"), max_length=200)
    chair_independent = models.BooleanField(
        _("de voorzitter werkt niet bij of voor de organisatie"), default=False
    )
    could_work = models.BooleanField(_("de commissie kon haar werk doen"), default=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    recommendations = models.TextField(
        _("aanbevelingen van de commissie (zonder namen)"), blank=True
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), null=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("klachtencommissie per jaar")
        verbose_name_plural = _("klachtencommissie per jaar")

    def __str__(self) -> str:
        return f"{self.year}"

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class JeugdwetPublication(models.Model):
    """The Jeugdwet report's adoption (vaststelling) and publication dates (R5)."""

    report = models.OneToOneField(
        "reports.AnnualReport", on_delete=models.CASCADE, related_name="jeugdwet_publication"
    )
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    published_on = models.DateField(_("openbaar gemaakt op"), null=True, blank=True)
    public_url = models.URLField(_("openbare link"), blank=True)

    class Meta:
        verbose_name = _("publicatie Jeugdwet-verslag")
        verbose_name_plural = _("publicaties Jeugdwet-verslag")

    def __str__(self) -> str:
        return str(self.report_id)


class JeugdwetRecipient(models.Model):
    """The Jeugdwet report sent to one recipient (R5: the Ministers, the IGJ and the regional
    client organisations, not the GGD), with the date it was sent."""

    class Kind(models.TextChoices):
        MINISTER_VWS = "minister_vws", _("de Minister van VWS")
        MINISTER_JENV = "minister_jenv", _("de Minister van Justitie en Veiligheid")
        IGJ = "igj", _("de Inspectie Gezondheidszorg en Jeugd (IGJ)")
        CLIENT_ORGANISATION = "client_org", _("een regionale cliëntenorganisatie")

    report = models.ForeignKey(
        "reports.AnnualReport", on_delete=models.CASCADE, related_name="jeugdwet_recipients"
    )
    kind = models.CharField(_("ontvanger"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    sent_on = models.DateField(_("verstuurd op"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("ontvanger Jeugdwet-verslag")
        verbose_name_plural = _("ontvangers Jeugdwet-verslag")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "name"], name="jeugdwet_recipient_once"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()
