"""The organisation, its GGD regions, locations (vestigingen), services and staff."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.frameworks import LegalFramework


class Organisation(models.Model):
    """The one organisation this installation serves; a data migration creates it."""

    # Always True and unique: the database itself allows only one row.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    street = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)
    letterhead_logo = models.ImageField(_("logo voor briefpapier"), upload_to="logo/", blank=True)
    complaints_officer_email = models.EmailField(
        _("e-mailadres afdeling kwaliteit"),
        blank=True,
        help_text=_("Hier komen meldingen van nieuwe klantreacties binnen."),
    )
    confidential_adviser = models.TextField(
        _("vertrouwenspersoon"),
        blank=True,
        help_text=_("Wie ouders om advies kunnen vragen, en hoe."),
    )
    committee_email = models.EmailField(
        _("e-mailadres klachtencommissie (Jeugdwet)"),
        blank=True,
        help_text=_(
            "Na het oordeel van de klachtencommissie krijgt de commissie hier de brief over de "
            "maatregelen (Jeugdwet 4.2.1 lid 5)."
        ),
    )
    jeugdwet_term_weeks = models.PositiveSmallIntegerField(
        _("termijn Jeugdwet (weken)"),
        default=6,
        help_text=_("De termijn voor een antwoord uit de eigen klachtenregeling (Jeugdwet)."),
    )
    geschillencommissie_member = models.BooleanField(
        _("aangesloten bij de Geschillencommissie Kinderopvang"), default=True
    )
    intro_text = models.TextField(_("inleiding jaarverslag (Markdown)"), blank=True)
    procedure_text = models.TextField(_("klachtenprocedure (Markdown)"), blank=True)
    publicity_text = models.TextField(_("hoe ouders de regeling kennen (Markdown)"), blank=True)
    committee_text = models.TextField(
        _("klachtencommissie Jeugdwet: samenstelling en werk (Markdown)"), blank=True
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisatie")
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="organisation_one_row")
        ]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A GGD region: the GGD that supervises the locations in it receives the annual report."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    ggd_name = models.CharField(_("naam GGD"), max_length=200)
    ggd_email = models.EmailField(_("e-mailadres GGD"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("GGD-regio")
        verbose_name_plural = _("GGD-regio's")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service (dienst); its legal framework decides terms, routes and report."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    framework = models.CharField(
        _("wettelijk kader"), max_length=10, choices=LegalFramework.choices
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A vestiging."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    street = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="locations", verbose_name=_("GGD-regio")
    )
    manager = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_locations",
        verbose_name=_("leidinggevende"),
    )
    services = models.ManyToManyField(
        Service, related_name="locations", blank=True, verbose_name=_("diensten")
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Staff roles (DESIGN §1). What each may do is decided in `access.py`, nowhere else."""

    EMPLOYEE = "employee", _("medewerker")
    QUALITY_OFFICER = "quality_officer", _("kwaliteitsmedewerker")
    QUALITY_LEAD = "quality_lead", _("hoofd kwaliteit")
    HANDLER = "handler", _("behandelaar")
    MELDCODE_OFFICER = "meldcode_officer", _("aandachtsfunctionaris meldcode")
    MANAGEMENT = "management", _("management")
    CLIENT_PANEL = "client_panel", _("lid klantpanel")
    ADMINISTRATOR = "administrator", _("beheerder")


class User(AbstractUser):
    """A staff member. Parents have no account: they use a private link."""

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    locations = models.ManyToManyField(
        Location,
        related_name="staff",
        blank=True,
        verbose_name=_("vestigingen"),
        help_text=_(
            "De vestigingen waar deze medewerker werkt (voor behandelaars en medewerkers)."
        ),
    )
    meldcode_designated = models.BooleanField(
        _("mag meldcodedossiers zien"),
        default=False,
        help_text=_("Voor kwaliteitsmedewerkers die ook aandachtsfunctionaris zijn."),
    )

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
