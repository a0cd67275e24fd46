"""The organisation, its GGD regions, locations (vestigingen), services and staff."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.core.changes import ChangeSignallingQuerySet
from klachtwijs.organisation import branding
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
    # Issue 18: the colour of the page header, buttons and links (organisation/branding.py).
    brand_colour = models.CharField(
        _("huisstijlkleur"),
        max_length=7,
        default=branding.DEFAULT_COLOUR,
        validators=[branding.validate_brand_colour],
        help_text=_(
            "De kleur van de kop van elke pagina, de knoppen en de links, als #rrggbb "
            "(bijvoorbeeld #0b5394). Witte tekst moet er goed op te lezen zijn. Leeg: de "
            "standaardkleur."
        ),
    )
    complaints_officer_email = models.EmailField(
        _("e-mailadres afdeling kwaliteit"),
        blank=True,
        help_text=_("Hier komen meldingen van nieuwe klantreacties binnen."),
    )
    confidential_adviser = models.TextField(
        _("vertrouwenspersoon"),
        blank=True,
        help_text=_(
            "Wie ouders om advies kunnen vragen, en hoe. Schrijf aan de ouder: ‘u’. Ouders van "
            "jeugdhulp zien het AKJ al bij de andere mogelijkheden."
        ),
    )
    embed_origins = models.TextField(
        _("websites die het formulier mogen tonen"),
        blank=True,
        help_text=_(
            "Eén adres per regel, bijvoorbeeld https://www.uworganisatie.nl. Alleen deze "
            "websites en apps mogen het formulier in hun pagina tonen."
        ),
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
        # Jeugdwet 4.2.1 lid 2 d: the regulation sets a term; less than a week is none at all.
        validators=[MinValueValidator(1, _("De termijn is minstens één week."))],
        help_text=_("De termijn voor een antwoord uit de eigen klachtenregeling (Jeugdwet)."),
    )
    # Wko 1.57c: an organisation under the Wet kinderopvang must be affiliated. When it is not,
    # the admin warns and the parent texts do not send parents there (`routes.routes_for`).
    geschillencommissie_member = models.BooleanField(
        _("aangesloten bij de Geschillencommissie Kinderopvang"),
        default=True,
        help_text=_(
            "Verplicht onder de Wet kinderopvang (art. 1.57c). Staat dit uit, dan verwijzen de "
            "teksten voor ouders niet naar de Geschillencommissie."
        ),
    )
    intro_text = models.TextField(_("inleiding jaarverslag (Markdown)"), blank=True)
    procedure_text = models.TextField(_("klachtenprocedure (Markdown)"), blank=True)
    publicity_text = models.TextField(_("hoe ouders de regeling kennen (Markdown)"), blank=True)
    committee_text = models.TextField(
        _("klachtencommissie Jeugdwet: samenstelling en werk (Markdown)"), blank=True
    )
    # The meldcode route (LEGAL.md M1, M2): who decides about a report to Veilig Thuis, and who
    # heads the organisation (a route about them goes around them). `access.meldcode_decider`.
    meldcode_decider = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslist in de meldcoderoute"),
        help_text=_(
            "Wie in stap 5 van de meldcode beslist over een melding bij Veilig Thuis. Een "
            "vestiging kan een eigen beslisser hebben."
        ),
    )
    head = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bestuurder (hoofd van de organisatie)"),
        help_text=_(
            "Gaat een vermoeden over de bestuurder, dan loopt de meldcoderoute om deze persoon "
            "heen."
        ),
    )

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisatie")
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="organisation_one_row"),
            models.CheckConstraint(
                condition=models.Q(jeugdwet_term_weeks__gte=1),
                name="organisation_jeugdwet_term_at_least_one_week",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A GGD region: the GGD that supervises the locations in it receives the annual report."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    ggd_name = models.CharField(_("naam GGD"), max_length=200)
    ggd_email = models.EmailField(_("e-mailadres GGD"))

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

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

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")

    def __str__(self) -> str:
        return self.name


def not_in_future(value) -> None:
    """A date something already happened on (a publication) cannot lie after today."""
    if value and value > timezone.localdate():
        raise ValidationError(
            _("Deze datum ligt in de toekomst. Vul een datum van vandaag of eerder in."),
            code="future",
        )


# The number of a location in the Landelijk Register Kinderopvang: nine digits.
LRK_NUMBER = RegexValidator(
    r"^\d{9}$", _("Een LRK-nummer heeft 9 cijfers, bijvoorbeeld 123456789.")
)


class Location(models.Model):
    """A vestiging.

    Wko 1.54 lid 2–3 (LEGAL.md R7): the organisation publishes the GGD's latest inspection
    report of each location on its website; `ggd_report_url` is where, `ggd_report_published_on`
    when. The public regulation page lists them.
    """

    name = models.CharField(_("naam"), max_length=100, unique=True)
    street = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    lrk_number = models.CharField(
        _("LRK-nummer"),
        max_length=9,
        blank=True,
        validators=[LRK_NUMBER],
        help_text=_(
            "Het nummer in het Landelijk Register Kinderopvang (9 cijfers). "
            "Niet nodig voor een vestiging met alleen jeugdhulp."
        ),
    )
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
    ggd_report_url = models.URLField(
        _("link naar het laatste GGD-inspectierapport"),
        max_length=500,
        blank=True,
        help_text=_(
            "Het adres op uw website waar het laatste inspectierapport van de GGD voor deze "
            "vestiging staat, bijvoorbeeld https://www.voorbeeld.nl/inspectie/zonnebloem.pdf."
        ),
    )
    ggd_report_published_on = models.DateField(
        _("gepubliceerd op"),
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("De dag waarop u dit rapport op uw website zette."),
    )
    meldcode_decider = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslist in de meldcoderoute"),
        help_text=_("Leeg: wie de organisatie heeft aangewezen."),
    )

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

    class Meta:
        ordering = ["name"]
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The link and its publication date belong together (Wko 1.54 lid 2–3)."""
        super().clean()
        if self.ggd_report_url and not self.ggd_report_published_on:
            raise ValidationError(
                {"ggd_report_published_on": _("Vul ook in wanneer u het rapport publiceerde.")}
            )
        if self.ggd_report_published_on and not self.ggd_report_url:
            raise ValidationError(
                {"ggd_report_url": _("Vul ook de link naar het inspectierapport in.")}
            )


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


class UserManager(DjangoUserManager.from_queryset(ChangeSignallingQuerySet)):
    """Django's user manager; its update() and bulk_create() tell the caches (core/changes.py)."""


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

    objects = UserManager()

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
