"""Is the organisation set up? THE answer for every door (issue 14, ADR 0007).

`setup_items()` is the checklist the back office shows; `setup_missing()` the required items
still open. Until it is empty the public doors (the web form, the API's public endpoint) take
no klantreactie: a parent would otherwise choose from no locations, or from an organisation
called "Onze organisatie", and find no complaints regulation to read (LEGAL.md H8). The staff
doors stay open: a complaint that came in by phone is never refused.

The regulation is the dossier app's model; this module names it through `apps.get_model`, as
`access.py` names the dossier, because the layers only import downwards. What a version
still needs before it can be published is `feedback.services.regulation.regulation_missing`;
the checklist page (a door above both) shows it under the regulation item.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.defaults import PLACEHOLDER_NAME
from klachtwijs.organisation.models import Location, Organisation, Region, Role, User


@dataclass(frozen=True)
class SetupItem:
    key: str
    label: str
    url_name: str  # the page that completes it
    done: bool
    required: bool  # the public form stays closed while a required item is not done
    hint: str


class _State:
    """The facts the items are decided on, each read once and only when an item needs it."""

    def __init__(self, today: date) -> None:
        self.today = today

    @cached_property
    def organisation(self) -> Organisation:
        return Organisation.objects.get()

    @cached_property
    def locations(self) -> dict[str, int]:
        """Active locations, and how many of them give no service (one query)."""
        return Location.objects.filter(is_active=True).aggregate(
            total=Count("pk", distinct=True),
            bare=Count("pk", filter=Q(services__isnull=True), distinct=True),
        )

    @cached_property
    def regulation(self):
        """The version parents read: published and in force (as the public page chooses)."""
        Regulation = apps.get_model("feedback", "Regulation")
        return Regulation.objects.filter(
            in_force_from__lte=self.today, published_at__isnull=False
        ).first()


def _organisation_done(state: _State) -> bool:
    organisation = state.organisation
    name = organisation.name.strip()
    return name not in ("", PLACEHOLDER_NAME) and bool(organisation.email or organisation.phone)


def _staff_done(state: _State) -> bool:
    told = User.objects.filter(
        is_active=True, role__in=[Role.QUALITY_OFFICER, Role.QUALITY_LEAD], api_token__isnull=True
    ).exclude(email="")
    return bool(state.organisation.complaints_officer_email) or told.exists()


# key, label, page, required, hint, done. The public form stays closed while a required item
# is not done; the others are shown as advised.
ITEMS = [
    (
        "organisation",
        _("Gegevens van de organisatie"),
        "setup:organisation",
        True,
        _("De naam, en een telefoonnummer of e-mailadres voor ouders."),
        _organisation_done,
    ),
    (
        "letterhead",
        _("Logo voor het briefpapier"),
        "setup:organisation",
        False,
        _("Staat boven de ontvangstbevestiging en de brief met het oordeel."),
        lambda state: bool(state.organisation.letterhead_logo),
    ),
    (
        "regions",
        _("GGD-regio's"),
        "setup:regions",
        True,
        _("De GGD van elke regio krijgt het jaarverslag."),
        lambda state: Region.objects.exists(),
    ),
    (
        "locations",
        _("Vestigingen"),
        "setup:locations",
        True,
        _("Ouders kiezen in het formulier de vestiging."),
        lambda state: state.locations["total"] > 0,
    ),
    (
        "services",
        _("Diensten per vestiging"),
        "setup:services",
        True,
        _("De wet van de dienst bepaalt de termijnen: elke vestiging heeft een dienst nodig."),
        lambda state: state.locations["total"] > 0 and state.locations["bare"] == 0,
    ),
    (
        "regulation",
        _("Klachtenregeling, met advies of instemming, gepubliceerd"),
        "setup:regulations",
        True,
        _(
            "Ouders lezen op de website de gepubliceerde regeling die nu geldt. Publiceren kan "
            "pas na het advies van de oudercommissie of het klantpanel (Wet kinderopvang) en de "
            "instemming van de cliëntenraad (Jeugdwet)."
        ),
        lambda state: state.regulation is not None,
    ),
    (
        "staff",
        _("Medewerkers die nieuwe klantreacties ontvangen"),
        "organisation:staff",
        False,
        _(
            "Een kwaliteitsmedewerker of hoofd kwaliteit met een e-mailadres, of het "
            "e-mailadres van de afdeling kwaliteit bij de gegevens van de organisatie."
        ),
        _staff_done,
    ),
]


def setup_items(*, today: date | None = None) -> list[SetupItem]:
    """Every item of the set-up checklist, in the order a new organisation does them."""
    state = _State(today or timezone.localdate())
    return [
        SetupItem(key, label, url_name, done(state), required, hint)
        for key, label, url_name, required, hint, done in ITEMS
    ]


def setup_missing(*, today: date | None = None) -> list[str]:
    """The labels of the required items not yet done; empty when the public form may open.
    Asks only what the required items need (four small queries)."""
    state = _State(today or timezone.localdate())
    return [
        str(label)
        for _key, label, _url, required, _hint, done in ITEMS
        if required and not done(state)
    ]


def setup_complete(*, today: date | None = None) -> bool:
    return not setup_missing(today=today)


def administrator_exists() -> bool:
    """Has `klachtwijs setup` (or anyone) already made an administrator?"""
    return User.objects.filter(Q(role=Role.ADMINISTRATOR), api_token__isnull=True).exists()
