"""The demo organisation: regions, locations, staff and almost three years of klantreacties.

Every dossier is built through the real services in `feedback/services/`, so the demo shows
only what the product itself can produce. The services stamp `now()`; right after each call the
demo moves those stamps back to the moment the step "happened" (demo data only), so the
timelines read as if the work was done over the past years. Fixed seeds keep 2024 and 2025
the same on every run; the most recent dossiers follow the real date, so there is always open
work to look at.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.build import (
    _Builder,
)
from klachtwijs.demo.data import (
    ALREADY_USED,
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    DEMO_TOTP_SECRET,
    LOCATIONS,
    MARKER_REGION,
    MOREL_CASES,
    ORGANISATION_NAME,
    REGIONS,
    SERVICES,
    STAFF,
)
from klachtwijs.feedback.models import Feedback, Regulation, RegulationAdvice
from klachtwijs.feedback.services import regulation_publish
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Location, Region, Service, User
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.organisation.services import meldcode_roles_set


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    totp_secret: str


def demo_logins() -> list[DemoLogin]:
    """The demo accounts: all share one password and one TOTP secret."""
    return [
        DemoLogin(str(role.label), username, DEMO_PASSWORD, DEMO_TOTP_SECRET)
        for username, _first, _last, role in STAFF
    ]


def demo_exists() -> bool:
    """The demo marker: the demo organisation with its region Brabant-Zuidoost."""
    return (
        Region.objects.filter(name=MARKER_REGION).exists()
        and organisation_get().name == ORGANISATION_NAME
    )


class DemoConflict(Exception):
    """The database already holds other data; the demo is only loaded into a fresh one."""


@transaction.atomic
def demo_load() -> int | None:
    """Build the demo and return the number of dossiers, or None when it already exists."""
    if demo_exists():
        return None
    usernames = [row[0] for row in STAFF]
    if Feedback.objects.exists() or User.objects.filter(username__in=usernames).exists():
        raise DemoConflict(ALREADY_USED)
    _organisation_fill()
    builder = _Builder(now=timezone.now())
    # 2024 and 2025 draw from one seed and never look at today, so they are always the same.
    builder.years(date(2024, 1, 1), date(2025, 12, 31), fixed=MOREL_CASES)
    builder.morel_link()
    builder.extras()
    builder.rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    builder.years(date(2026, 1, 1), builder.today)
    builder.recent()
    # Fictional parents must never get mail: the outbox of the demo counts as sent.
    OutboxMessage.objects.filter(
        feedback_id__in=builder.ids, state=OutboxMessage.State.PENDING
    ).update(state=OutboxMessage.State.SENT, sent_at=F("created_at"))
    return len(builder.ids)


def _organisation_fill() -> None:
    organisation = organisation_get()
    organisation.name = ORGANISATION_NAME
    organisation.street, organisation.postcode = "Vlinderpad 1", "5611 ZZ"
    organisation.city, organisation.phone = "Eindhoven", "040 123 45 67"
    organisation.email = "info@vlinderboom.example"
    organisation.website = "https://www.vlinderboom.example"
    organisation.complaints_officer_email = "kwaliteit@vlinderboom.example"
    organisation.committee_email = "klachtencommissie@vlinderboom.example"
    organisation.confidential_adviser = (
        "Wilt u advies van iemand die niet bij de behandeling betrokken is? Vraag ons dan naar "
        "onze onafhankelijke vertrouwenspersoon. Het gesprek is gratis en blijft tussen u twee."
    )
    organisation.save()
    for name, ggd_name, ggd_email in REGIONS:
        Region.objects.create(name=name, ggd_name=ggd_name, ggd_email=ggd_email)
    for name, framework in SERVICES.items():
        Service.objects.create(name=name, framework=framework)
    regulation = Regulation.objects.create(
        version="2024",
        in_force_from=date(2024, 1, 1),
        text="De klachtenregeling van Kinderopvang De Vlinderboom.",
    )
    # Wko services need the klantpanel's advice, Jeugdwet services the cliëntenraad's consent
    # (LEGAL.md H8): each on its own row, then published through the service.
    RegulationAdvice.objects.create(
        regulation=regulation,
        kind=RegulationAdvice.Kind.ADVICE,
        body=RegulationAdvice.Body.CLIENT_PANEL,
        on=date(2023, 11, 14),
        text="Het klantpanel adviseert positief.",
    )
    RegulationAdvice.objects.create(
        regulation=regulation,
        kind=RegulationAdvice.Kind.CONSENT,
        body=RegulationAdvice.Body.CLIENT_COUNCIL,
        on=date(2023, 11, 28),
        text="De cliëntenraad stemt in.",
    )
    regulation_publish(
        regulation_id=regulation.pk,
        by=None,
        at=timezone.make_aware(datetime.combine(date(2023, 12, 1), time(9))),
    )
    _staff_create()
    _committee_years()


def _committee_years() -> None:
    """The Jeugdwet complaints committee as the demo's Jeugdwet reports state it (R5)."""
    from klachtwijs.reports.jeugdwet import committee_year_save

    lead = User.objects.get(username="hoofdkwaliteit")
    for year in (2024, 2025):
        committee_year_save(
            year=year,
            members="mr. J. de Wit (voorzitter)\nR. Bakker, orthopedagoog\nS. Yilmaz, jurist",
            chair="mr. J. de Wit",
            chair_independent=True,
            could_work=True,
            by=lead,
        )


def _staff_create() -> None:
    password = make_password(DEMO_PASSWORD)  # hashed once: all demo accounts share it
    users = {}
    for username, first, last, role in STAFF:
        users[username] = User.objects.create(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@vlinderboom.example",
            role=role,
            password=password,
        )
        TOTPDevice.objects.create(
            user=users[username], name="Demo-authenticator", key=DEMO_TOTP_KEY, confirmed=True
        )
    for (region, manager), locations in LOCATIONS.items():
        for name, street, place, offered in locations:
            postcode, city = place[:7], place[8:]
            location = Location.objects.create(
                name=name,
                street=street,
                postcode=postcode,
                city=city,
                region=Region.objects.get(name=region),
                manager=users[manager],
            )
            location.services.set(Service.objects.filter(name__in=offered))
            users[manager].locations.add(location)
    users["medewerker"].locations.add(Location.objects.get(name="Morel"))
    # The meldcode route's people (LEGAL.md M1, M2): the meldcode officer decides, the
    # director heads the organisation.
    meldcode_roles_set(
        decider=users["meldcode"], head=users["directie"], location_deciders={}, by=users["beheer"]
    )
