"""The annual report (klachtenjaarverslag), its life, its files and its sending per region.

A report's status is read from the dates of its steps; only `services.py` writes those dates
(STYLE.md §1).
"""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.models import Region


class Variant(models.TextChoices):
    """Wko: the report for the GGD (may include youth care); Jeugdwet: its own report (R5)."""

    WKO = "wko", _("Wet kinderopvang (GGD)")
    JEUGDWET = "jeugdwet", _("Jeugdwet")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    FINAL = "final", _("definitief")
    DISCUSSED_MANAGEMENT = "discussed_management", _("besproken met het management")
    DISCUSSED_CLIENT_PANEL = "discussed_client_panel", _("besproken met het klantpanel")
    SENT = "sent_to_ggd", _("verstuurd")
    PUBLISHED = "published", _("gepubliceerd")


class AnnualReport(models.Model):
    """One report: a calendar year, the whole organisation (region empty) or one GGD region."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_reports",
        verbose_name=_("GGD-regio"),
    )
    variant = models.CharField(
        _("soort verslag"), max_length=10, choices=Variant.choices, default=Variant.WKO
    )
    final_at = models.DateTimeField(_("definitief op"), null=True, blank=True, editable=False)
    management_discussed_on = models.DateField(_("besproken met management op"), null=True)
    client_panel_discussed_on = models.DateField(_("besproken met klantpanel op"), null=True)
    client_panel_advice = models.TextField(_("advies van het klantpanel"), blank=True)
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    parents_informed_on = models.DateField(_("bekendgemaakt aan ouders op"), null=True)
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    public_url = models.URLField(_("openbare link naar de pdf"), blank=True)
    # Personal-data hits judged harmless: [{"key", "text", "where", "by", "at"}].
    accepted_hits = models.JSONField(_("geaccepteerde meldingen"), default=list, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "variant", "region__name"]
        verbose_name = _("jaarverslag")
        verbose_name_plural = _("jaarverslagen")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "variant", "region"], name="report_one_per_region"
            ),
            models.UniqueConstraint(
                fields=["year", "variant"],
                condition=models.Q(region__isnull=True),
                name="report_one_for_organisation",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region.name if self.region_id else gettext("hele organisatie")
        return gettext("Jaarverslag %(year)s (%(variant)s, %(scope)s)") % {
            "year": self.year,
            "variant": self.get_variant_display(),
            "scope": scope,
        }

    @property
    def status(self) -> ReportStatus:
        """Where the report is in its life, read from the dates its steps recorded: the dates
        are the single source, so status and dates can never disagree."""
        steps = [
            (self.published_on, ReportStatus.PUBLISHED),
            (self.sent_on, ReportStatus.SENT),
            (self.client_panel_discussed_on, ReportStatus.DISCUSSED_CLIENT_PANEL),
            (self.management_discussed_on, ReportStatus.DISCUSSED_MANAGEMENT),
            (self.final_at, ReportStatus.FINAL),
        ]
        return next((status for when, status in steps if when), ReportStatus.DRAFT)

    def get_status_display(self) -> str:
        return str(self.status.label)

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT


class ReportVersion(models.Model):
    """One final version of a report, frozen (LEGAL.md R2, R3): its PDF and DOCX rendered once
    when it was made final, with their SHA-256, and the personal-data hits accepted then.

    Everything sent while it is current is this stored file, whatever changes in the data
    afterwards. Reopening the report closes the version (`reopened_at`) and keeps it, with the
    dates its life reached (`life`); the next 'final' makes a new version.
    """

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versie"))
    final_at = models.DateTimeField(_("definitief op"))
    final_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pdf = models.FileField(_("pdf"), upload_to="reports/final/%Y/")
    pdf_sha256 = models.CharField(_("SHA-256 van de pdf"), max_length=64)
    docx = models.FileField(_("docx"), upload_to="reports/final/%Y/")
    docx_sha256 = models.CharField(_("SHA-256 van de docx"), max_length=64)
    # Copied from `AnnualReport.accepted_hits` at the moment of finalising.
    accepted_hits = models.JSONField(_("geaccepteerde meldingen"), default=list, blank=True)
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    published_on = models.DateField(_("gepubliceerd op"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("heropend op"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reopen_reason = models.TextField(_("reden van heropenen"), blank=True)
    # The report's step dates when this version was reopened (ISO dates), as evidence.
    life = models.JSONField(_("levensloop"), default=dict, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("definitieve versie")
        verbose_name_plural = _("definitieve versies")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number"),
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(reopened_at__isnull=True),
                name="report_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(report)s, versie %(number)s") % {
            "report": self.report,
            "number": self.number,
        }

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None

    def filename(self, fmt: str) -> str:
        stem = ReportFile(report=self.report, format=fmt).filename.rsplit(".", 1)[0]
        return f"{stem}-v{self.number}.{fmt}"


class ReportSending(models.Model):
    """What went to whom and when (Wko 1.57b lid 8): the report to the GGD of one region (by
    mail, with the stored PDF), made known to all parents, given to the client panel; each
    with the final version it was."""

    class Audience(models.TextChoices):
        GGD = "ggd", _("GGD")
        PARENTS = "parents", _("alle ouders")
        CLIENT_PANEL = "client_panel", _("klantpanel")

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sendings")
    version = models.ForeignKey(
        ReportVersion, on_delete=models.PROTECT, null=True, related_name="sendings"
    )
    audience = models.CharField(
        _("aan"), max_length=12, choices=Audience.choices, default=Audience.GGD
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, related_name="+")
    sent_on = models.DateField(_("verstuurd op"))
    message = models.ForeignKey(
        "notifications.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.ForeignKey("ReportFile", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["sent_on", "audience", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "audience", "region"],
                condition=models.Q(version__isnull=False),
                name="report_version_sent_once_per_audience",
            ),
            models.CheckConstraint(
                condition=models.Q(audience="ggd", region__isnull=False)
                | (~models.Q(audience="ggd") & models.Q(region__isnull=True)),
                name="report_sending_region_only_for_ggd",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} -> {self.region or self.get_audience_display()}"


class ReportFile(models.Model):
    """A rendered report (HTML, PDF or DOCX), made in the background with its progress."""

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")

    class State(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("wordt gemaakt")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("formaat"), max_length=4, choices=Format.choices)
    state = models.CharField(_("stand"), max_length=8, choices=State.choices, default="queued")
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    step = models.CharField(_("stap"), max_length=100, blank=True)
    file = models.FileField(_("bestand"), upload_to="reports/%Y/", blank=True)
    error = models.TextField(_("fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("jaarverslagbestand")
        verbose_name_plural = _("jaarverslagbestanden")

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"

    @property
    def filename(self) -> str:
        scope = f"-{slugify(self.report.region.name)}" if self.report.region_id else ""
        variant = "-jeugdwet" if self.report.variant == Variant.JEUGDWET else ""
        return f"klachtenjaarverslag-{self.report.year}{variant}{scope}.{self.format}".lower()


# The Jeugdwet report's own data (LEGAL.md R5) lives beside: registered with this app here.
from klachtwijs.reports.models_jeugdwet import (  # noqa: E402, F401
    CommitteeYear,
    JeugdwetPublication,
    JeugdwetRecipient,
)


class PatternAcknowledgement(models.Model):
    """A pattern alert the quality department has dealt with (`reports.patterns`). `key` is the
    hash of rule + location + subject + the sorted dossier ids: a new dossier makes a new key,
    so the alert fires again."""

    key = models.CharField(_("sleutel"), max_length=64, unique=True)
    note = models.TextField(_("notitie"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("afgehandeld op"))

    class Meta:
        verbose_name = _("afgehandeld patroon")
        verbose_name_plural = _("afgehandelde patronen")

    def __str__(self) -> str:
        return self.key


class PatternDigest(models.Model):
    """The weekly pattern mail of one ISO week ("2026-W49"), sent at most once."""

    week = models.CharField(_("week"), max_length=8, unique=True)
    sent_at = models.DateTimeField(_("verstuurd op"))

    def __str__(self) -> str:
        return self.week
