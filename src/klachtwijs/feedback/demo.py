"""The demo organisation: regions, locations, staff and almost three years of klantreacties.

Every dossier is built through the real services in `services.py`, so the demo shows only what
the product itself can produce. The services stamp `now()`; right after each call the demo moves
those stamps back to the moment the step "happened" (demo data only), so the timelines read as
if the work was done over the past years. Fixed seeds keep 2024 and 2025 the same on every run;
the most recent dossiers follow the real date, so there is always open work to look at.
"""

import base64
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.feedback import services
from klachtwijs.feedback.models import (
    Category,
    Channel,
    ClosureReason,
    Escalation,
    Event,
    Feedback,
    Judgment,
    Kind,
    Outcome,
    ParentLink,
    Regulation,
    Situation,
)
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Region, Role, Service, User
from klachtwijs.organisation.selectors import organisation_get

DEMO_PASSWORD = "demo-wachtwoord-2025"  # noqa: S105 - a published demo login, not a secret
DEMO_TOTP_KEY = b"klachtwijs-demo-key!".hex()
DEMO_TOTP_SECRET = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
ORGANISATION_NAME = "Kinderopvang De Vlinderboom"
MARKER_REGION = "Brabant-Zuidoost"
ALREADY_USED = (
    "Deze database bevat al klantreacties of gebruikers met een demo-gebruikersnaam. De demo "
    "wordt alleen in een nieuwe, lege installatie geladen."
)

REGIONS = [
    ("Brabant-Zuidoost", "GGD Brabant-Zuidoost", "ggd-brabant-zuidoost@example.nl"),
    ("Arnhem", "GGD Gelderland-Midden, regio Arnhem", "ggd-arnhem@example.nl"),
    ("Veenendaal", "GGD regio Veenendaal", "ggd-veenendaal@example.nl"),
]
SERVICES = {
    "Dagopvang": LegalFramework.WKO,
    "Buitenschoolse opvang": LegalFramework.WKO,
    "Gastouderopvang": LegalFramework.WKO,
    "Ontwikkelarrangement": LegalFramework.JEUGDWET,
    "Thuisbegeleiding": LegalFramework.JEUGDWET,
}
DAG, BSO, GOO, ONTW, THUIS = SERVICES
# (GGD region, manager): the manager's locations as (name, street, postcode and city, services)
LOCATIONS = {
    ("Brabant-Zuidoost", "leiding-eindhoven"): [
        ("Morel", "Kersenlaan 4", "5612 AB Eindhoven", [DAG, ONTW]),
        ("Hazelaar", "Notenhof 12", "5623 CD Eindhoven", [DAG, BSO]),
        ("Linde", "Bloesemweg 7", "5664 EF Geldrop", [BSO, THUIS]),
    ],
    ("Brabant-Zuidoost", "leiding-helmond"): [
        ("Kastanje", "Bolsterstraat 31", "5701 GH Helmond", [DAG, BSO, GOO]),
        ("Vlier", "Bessenpad 2", "5501 JK Veldhoven", [DAG, ONTW]),
    ],
    ("Arnhem", "leiding-arnhem"): [
        ("Esdoorn", "Ahornplein 9", "6811 LM Arnhem", [DAG, BSO]),
        ("Wilg", "Waterkant 18", "6821 NP Arnhem", [BSO, ONTW]),
        ("Berk", "Berkenhof 3", "6881 RS Velp", [DAG, GOO]),
        ("Meidoorn", "Hagelaan 25", "6921 TV Duiven", [DAG, THUIS]),
    ],
    ("Veenendaal", "leiding-veenendaal"): [
        ("Eik", "Eikelweg 14", "3901 WX Veenendaal", [DAG, BSO]),
        ("Beuk", "Napjesstraat 6", "3902 YZ Veenendaal", [DAG, GOO, ONTW]),
        ("Els", "Oeverlaan 40", "3911 AB Rhenen", [BSO, THUIS]),
    ],
}
# username, first name, last name, role; location managers get their locations from LOCATIONS.
STAFF = [
    ("kwaliteit", "Anouk", "Verbeek", Role.QUALITY_OFFICER),
    ("hoofdkwaliteit", "Marloes", "Timmermans", Role.QUALITY_LEAD),
    ("behandelaar", "Ruben", "de Graaf", Role.HANDLER),
    ("meldcode", "Ingrid", "Hoekstra", Role.MELDCODE_OFFICER),
    ("directie", "Pieter", "van Wijk", Role.MANAGEMENT),
    ("klantpanel", "Yvonne", "Bakker", Role.CLIENT_PANEL),
    ("beheer", "Sander", "Kuipers", Role.ADMINISTRATOR),
    ("medewerker", "Lotte", "Smits", Role.EMPLOYEE),
    ("leiding-eindhoven", "Femke", "van der Linden", Role.HANDLER),
    ("leiding-helmond", "Joost", "Martens", Role.HANDLER),
    ("leiding-arnhem", "Esther", "Willems", Role.HANDLER),
    ("leiding-veenendaal", "Bas", "Hendriks", Role.HANDLER),
]
# What the quality lead may do in the Django admin beside the staff pages.
QUALITY_LEAD_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("category", "situation", "improvement", "escalation", "regulation")
    for action in ("view", "add", "change")
] + ["view_feedback", "change_feedback", "view_judgment", "view_measure", "change_measure"]

PARENT_FIRST = "Sanne Mark Iris Thomas Eva Jeroen Naomi Bram Linda Yusuf Fatima Kevin Marieke "
PARENT_FIRST += "Dennis Lisa Hamza Sophie Tim Nadia Rick Anne Maarten Esra Wouter"
PARENT_LAST = ["de Boer", "Mulder", "Visser", "Peters", "Dekker", "Brouwer", "Kok", "Jacobs"]
PARENT_LAST += ["van Leeuwen", "Bos", "Vos", "Smit", "Meijer", "Hermans", "Yilmaz", "Koster"]
CHILDREN = "Noah Emma Liam Julia Luuk Mila Sem Tess Finn Zoë Daan Saar Levi Nora Mees Yara Adam"
GROUPS = {
    DAG: ["Vlinders", "Rupsjes", "Egeltjes", "Uilen"],
    BSO: ["Avonturiers", "Ontdekkers"],
    GOO: ["Gastouder"],
    ONTW: ["Kikkers", "Dolfijnen"],
    THUIS: ["Thuis"],
}


@dataclass(frozen=True)
class Story:
    """A klantreactie as the parent writes it, and how the report tells it without names."""

    category: str
    description: str  # the parent's words; {child} and {group} are filled in
    summary: str
    handling: str
    reasoning: str = ""
    measure: str = ""


COMMUNICATION = "Communicatie en informatie"
CONDUCT = "Bejegening of gedrag van een medewerker"
PEDAGOGY = "Pedagogisch handelen en zorg voor het kind"
SAFETY = "Veiligheid, gezondheid en hygiëne"
WAY_OF_WORKING = "Werkwijze of regel"
CONTRACT = "Overeenkomst, plaatsing, opvangdagen en opzegging"
MONEY = "Financiën en facturen (ook toeslag)"
TRANSPORT = "Openingstijden en vervoer (BSO)"
MELDCODE = "Vermoeden van kindermishandeling of grensoverschrijdend gedrag"

COMPLAINTS = [
    Story(
        COMMUNICATION,
        "Bij het ophalen hoorde ik pas dat {child} ({group}) was gevallen. Niemand had gebeld.",
        "Ouder hoorde pas bij het ophalen dat het kind was gevallen en wilde eerder worden gebeld.",
        "Het team belt ouders voortaan direct na een ongelukje; dit is met de ouder besproken.",
        "De afspraak om ouders meteen te bellen was niet bij iedereen bekend.",
        "Belafspraak bij ongelukjes bespreken in het werkoverleg en opnemen in de groepsmap.",
    ),
    Story(
        CONDUCT,
        "Een invalkracht sprak {child} bij het eten op een harde toon aan. {child} is nu bang.",
        "Ouder vond dat een invalkracht het kind tijdens het eten te streng aansprak.",
        "Er is gesproken met de invalkracht en de ouder. Invallers krijgen nu een korte "
        "uitleg van de groepsafspraken voor hun eerste dienst.",
        "De toon paste niet bij onze pedagogische afspraken.",
        "Korte inwerkinstructie voor invalkrachten over de afspraken op de groep.",
    ),
    Story(
        PEDAGOGY,
        "{child} komt na het buitenspelen vaak met natte kleren thuis.",
        "Ouder gaf aan dat het kind na het buitenspelen niet werd verschoond.",
        "Het team heeft opnieuw afgesproken wanneer kinderen droge kleren krijgen en heeft dit "
        "aan de ouder laten weten.",
        "Het verschonen na het buitenspelen ging niet altijd goed.",
        "Vast moment voor verschonen na het buitenspelen in de dagplanning.",
    ),
    Story(
        SAFETY,
        "Het hek van de buitenruimte stond open toen ik {child} kwam brengen.",
        "Ouder zag bij het brengen dat het hek van de buitenspeelplaats openstond.",
        "Het hek sluit nu vanzelf en staat op de lijst van de dagelijkse veiligheidsronde.",
        "Het hek hoort altijd dicht te zijn; de controle ontbrak.",
        "Automatische sluiter op het hek en het hek opnemen in de veiligheidsronde.",
    ),
    Story(
        WAY_OF_WORKING,
        "Ik moet {child} ineens om 18.00 uur ophalen, terwijl ik tot 18.30 uur heb afgesproken.",
        "Ouder was het niet eens met een gewijzigde ophaaltijd.",
        "In een gesprek is de ophaaltijd uit de overeenkomst bevestigd.",
        "De vestiging hield zich niet aan de afgesproken ophaaltijd.",
        "Ophaaltijden uit de overeenkomsten controleren op de groepslijst.",
    ),
    Story(
        CONTRACT,
        "Mijn aanvraag voor een extra opvangdag voor {child} ligt al drie maanden stil.",
        "Ouder wachtte lang op antwoord op een aanvraag voor een extra opvangdag.",
        "De planning heeft de aanvraag behandeld en een passende dag aangeboden. Aanvragen "
        "krijgen voortaan binnen twee weken antwoord.",
        "Wij hebben de aanvraag te lang laten liggen.",
        "Aanvragen voor extra dagen binnen twee weken beantwoorden.",
    ),
    Story(
        MONEY,
        "Op de factuur van deze maand staan twee opvangdagen te veel.",
        "Ouder zag een fout in de maandfactuur.",
        "De factuur is verbeterd en het te veel betaalde bedrag is teruggestort.",
        "De factuur was fout door een verkeerd ingevoerde ruildag.",
        "Factuur corrigeren en het bedrag terugbetalen.",
    ),
    Story(
        TRANSPORT,
        "Het busje van de BSO was drie keer te laat bij school; {child} stond alleen te wachten.",
        "Ouder maakte zich zorgen omdat het kind bij school op het vervoer moest wachten.",
        "Met de vervoerder zijn nieuwe tijden afgesproken. Een medewerker wacht bij school tot "
        "alle kinderen zijn opgehaald.",
        "Het vervoer kwam te vaak te laat.",
        "Nieuwe rijtijden afspreken met de vervoerder en een medewerker bij school laten wachten.",
    ),
    Story(
        COMMUNICATION,
        "Ik krijg al weken geen berichtjes meer in de app over de dag van {child}.",
        "Ouder miste de dagelijkse berichten in de ouderapp.",
        "Het team plaatst weer elke dag een bericht; de leidinggevende kijkt dit wekelijks na.",
        "De berichten in de app waren een tijd weggevallen.",
        "Wekelijkse controle van de berichten in de ouderapp door de leidinggevende.",
    ),
    Story(
        PEDAGOGY,
        "Het plan voor de begeleiding van {child} is al maanden niet met mij besproken.",
        "Ouder vond dat het plan voor de begeleiding van het kind te lang niet was besproken.",
        "Er is een evaluatiegesprek gehouden en evaluaties staan nu vast in de planning.",
        "De evaluatie van het plan was uitgesteld zonder dat de ouder dat wist.",
        "Evaluaties van begeleidingsplannen vast inplannen.",
    ),
]
OTHERS = {
    Kind.SUGGESTION: [
        Story(
            COMMUNICATION,
            "Zou er een weekoverzicht van de activiteiten op de groep kunnen komen?",
            "Ouder stelde een weekoverzicht van de activiteiten voor.",
            "Het idee is met het team besproken; de groepen maken nu een weekoverzicht.",
        ),
        Story(
            SAFETY,
            "Kan er een afdak bij de ingang komen voor de kinderwagens?",
            "Ouder vroeg om een overkapping voor kinderwagens bij de ingang.",
            "Het voorstel is doorgegeven aan de technische dienst en wordt uitgevoerd.",
        ),
        Story(
            TRANSPORT,
            "Het zou leuk zijn als de BSO in de vakantie vaker een uitje maakt.",
            "Ouder stelde meer uitjes in de vakantie voor.",
            "Het team neemt het voorstel mee in het vakantieprogramma.",
        ),
    ],
    Kind.COMPLIMENT: [
        Story(
            PEDAGOGY,
            "Wat een fijne medewerkers bij de {group}! Ze zien echt ieder kind, ook {child}.",
            "Ouder gaf het team een compliment voor de aandacht voor ieder kind.",
            "Het compliment is met het team gedeeld.",
        ),
        Story(
            PEDAGOGY,
            "Dank voor de goede begeleiding van {child} bij de overstap naar de basisschool.",
            "Ouder bedankte het team voor de begeleiding bij de overstap naar school.",
            "Het compliment is met het team gedeeld.",
        ),
        Story(
            COMMUNICATION,
            "Het zomerfeest was geweldig georganiseerd, {child} praat nergens anders over.",
            "Ouder gaf een compliment over het zomerfeest.",
            "Het compliment is met het team gedeeld.",
        ),
    ],
    Kind.SIGNAL: [
        Story(
            COMMUNICATION,
            "Ik hoor van andere ouders dat er veel wisselingen in het team van de {group} zijn.",
            "Ouder vroeg naar wisselingen in het team.",
            "De leidinggevende heeft uitgelegd hoe de vaste bezetting is geregeld.",
        ),
        Story(
            SAFETY,
            "In de slaapkamer van de {group} ruikt het muf.",
            "Ouder meldde een muffe geur in de slaapruimte.",
            "De ruimte is nagekeken en de ventilatie is verbeterd.",
        ),
    ],
}
MELDCODE_STORY = Story(
    MELDCODE,
    "{child} vertelde iets over een ander kind van de {group} waar ik mij zorgen over maak.",
    "Een ouder deelde een zorg over een kind; die is opgepakt volgens de meldcode.",
    "De aandachtsfunctionaris heeft de stappen van de meldcode gevolgd.",
)
# How a complaint ends without a judgment: closure reason, timeline text, report text.
ENDINGS = {
    "solved": (
        ClosureReason.SOLVED,
        "Opgelost in een gesprek met de ouder.",
        "In een gesprek met de ouder is de zaak meteen opgelost; een oordeel was niet nodig.",
    ),
    "withdrawn": (
        ClosureReason.WITHDRAWN,
        "De ouder trekt de klacht in.",
        "De ouder heeft de klacht na een eerste gesprek ingetrokken.",
    ),
    "not_admissible": (
        ClosureReason.NOT_ADMISSIBLE,
        "Gaat niet over onze dienstverlening.",
        "De klacht ging niet over onze dienstverlening; de ouder weet waar die terecht kan.",
    ),
    "forwarded": (
        ClosureReason.FORWARDED,
        "Met instemming van de ouder doorgestuurd naar de school.",
        "De klacht is met instemming van de ouder doorgestuurd naar de school.",
    ),
}
CONTACTS = [
    (Event.ContactChannel.PHONE, "Telefonisch met de ouder gesproken over de klacht."),
    (Event.ContactChannel.MEETING, "Gesprek met de ouder op de vestiging."),
    (Event.ContactChannel.EMAIL, "Per e-mail aanvullende vragen aan de ouder gesteld."),
    (Event.ContactChannel.MEETING, "Met het team besproken wat er is gebeurd."),
]


@dataclass(frozen=True)
class MorelCase:
    """One of the three complaints about the same conflict at Morel in 2025."""

    parent: tuple[str, str]
    child: str
    received: datetime  # local time
    contact: tuple[str, str]
    meeting: date
    judged: date
    outcome: str
    story: Story


MOREL_TEAM = (
    Event.ContactChannel.MEETING,
    "Intern overleg met het team en de zorgcoördinator over wat er op de groep gebeurde.",
)
MOREL_MEETING = (
    Event.ContactChannel.MEETING,
    "Gesprek met de ouder, de mentor en de zorgcoördinator.",
)
MOREL_CASES = [
    MorelCase(
        ("Mirjam", "Kuijpers"),
        "Sem",
        datetime(2025, 3, 10, 13, 50),  # noqa: DTZ001 - made aware when used
        MOREL_MEETING,
        date(2025, 3, 20),
        date(2025, 4, 3),
        Outcome.PARTLY_FOUNDED,
        Story(
            PEDAGOGY,
            "Vanmiddag moest ik Sem van de Vlinders komen ophalen. Hij zou niet luisteren en "
            "het onveilig maken voor de andere kinderen. Dat vind ik te weinig uitleg.",
            "Een ouder moest het kind midden op de dag ophalen na onrust op de groep. De ouder "
            "begreep niet waarom dat nodig was en vond de uitleg van de medewerkers te summier.",
            "Het team heeft met de zorgcoördinator teruggekeken op die dag. Daarna volgde een "
            "gesprek met de ouder en de mentor. Het vertrouwen van de ouder is daarmee nog niet "
            "teruggekomen.",
            "Ophalen was nodig om de rust op de groep te herstellen, maar de ouder kreeg te "
            "weinig uitleg over het waarom.",
            "Bij een verzoek om een kind op te halen altijd de reden en de vervolgstappen "
            "uitleggen.",
        ),
    ),
    MorelCase(
        ("Rachid", "el Amrani"),
        "Yara",
        datetime(2025, 3, 11, 8, 20),  # noqa: DTZ001 - made aware when used
        MOREL_MEETING,
        date(2025, 3, 21),
        date(2025, 4, 7),
        Outcome.UNFOUNDED,
        Story(
            WAY_OF_WORKING,
            "Na ruzie op de groep moest ik Yara ophalen. Nu mag ze pas terugkomen als er een "
            "plan van aanpak is. Daar ben ik het niet mee eens.",
            "Na een botsing tussen kinderen werd een ouder gevraagd het kind op te halen. Het "
            "kind kon pas terugkomen als er afspraken op papier stonden; de ouder vond dat "
            "onterecht.",
            "De pedagogisch medewerkers van de vestiging hebben de gang van zaken samen "
            "geëvalueerd. Met de ouder worden afspraken gemaakt om het onderlinge vertrouwen te "
            "herstellen.",
            "Een plan van aanpak was nodig voor de veiligheid van alle kinderen op de groep; de "
            "vestiging heeft dat zorgvuldig gedaan.",
            "Gesprek met de ouder over herstel van vertrouwen en de terugkeer van het kind.",
        ),
    ),
    MorelCase(
        ("Judith", "van Dam"),
        "Finn",
        datetime(2025, 3, 12, 17, 35),  # noqa: DTZ001 - made aware when used
        (Event.ContactChannel.PHONE, "Telefonisch gesproken met de ouder."),
        date(2025, 3, 17),
        date(2025, 3, 28),
        Outcome.WELL_FOUNDED,
        Story(
            COMMUNICATION,
            "Toen ik Finn kwam ophalen, was er een zorgcoördinator op de groep. Niemand had mij "
            "verteld dat er iemand naar Finn keek. Waarom ben ik niet ingelicht?",
            "Bij het ophalen zag een ouder dat er een zorgcoördinator bij de groep meekeek. "
            "Niemand had de ouder daar vooraf over verteld; de ouder wilde weten waarom niet.",
            "In een telefoongesprek kreeg de ouder de toezegging dat team en zorgcoördinator de "
            "vraag samen bespreken. De vestiging laat de ouder daarna weten wat daaruit kwam.",
            "De ouder had vooraf moeten horen dat de zorgcoördinator op de groep zou meekijken.",
            "Ouders vooraf informeren wanneer een zorgcoördinator op de groep meekijkt.",
        ),
    ),
]
MOREL_SITUATION = (
    "Conflict tussen drie kinderen op één groep",
    "De drie klantreacties komen voort uit één voorval op dezelfde groep: drie kinderen kregen "
    "onderling ruzie, en elk ouderpaar diende een eigen klantreactie in.",
)
# body, result, binding ruling, days until the end, summary (no names)
ESCALATIONS_2024 = [
    (
        Escalation.Body.KLACHTENLOKET,
        Escalation.Result.SETTLED,
        False,
        30,
        "Het Klachtenloket bemiddelde; ouder en vestiging kwamen samen tot een oplossing.",
    ),
    (
        Escalation.Body.KLACHTENLOKET,
        Escalation.Result.OTHER,
        False,
        12,
        "De ouder kreeg informatie en advies van het Klachtenloket; er volgde geen verdere stap.",
    ),
    (
        Escalation.Body.GESCHILLENCOMMISSIE,
        Escalation.Result.PARTLY_FOUNDED,
        True,
        95,
        "De Geschillencommissie vond de klacht deels gegrond; de afgesproken maatregelen bleven "
        "staan.",
    ),
]
AKJ_2025 = (
    Escalation.Body.CONFIDENTIAL_ADVISER,
    Escalation.Result.SETTLED,
    False,
    "Een vertrouwenspersoon van het AKJ ondersteunde de ouder tijdens de behandeling.",
)
# title, decided on, done on, advice of the client panel, categories of the linked
# complaints (None: the situation at Morel), year of those complaints
IMPROVEMENTS = [
    (
        "Vaste overdracht bij het ophalen",
        date(2024, 6, 12),
        date(2024, 10, 1),
        "Het klantpanel vraagt ook ouders die laat ophalen een overdracht te geven.",
        {COMMUNICATION},
        2024,
    ),
    (
        "Sneller antwoord op aanvragen voor extra opvangdagen",
        date(2024, 9, 3),
        date(2024, 11, 15),
        "",
        {CONTRACT},
        2024,
    ),
    (
        "Afspraken over het eerder ophalen van een kind",
        date(2025, 5, 20),
        date(2025, 9, 1),
        "Het klantpanel adviseert de afspraken in gewone taal op te schrijven en met alle "
        "ouders te delen.",
        None,
        2025,
    ),
    (
        "Dagelijkse berichten in de ouderapp bewaken",
        date(2025, 10, 2),
        None,
        "",
        {COMMUNICATION, PEDAGOGY},
        2025,
    ),
]
# days ago, kind, location, service, how far the dossier has come
RECENT = [
    (1, Kind.COMPLAINT, "Hazelaar", DAG, "received"),
    (2, Kind.COMPLIMENT, "Wilg", BSO, "received"),
    (4, Kind.COMPLAINT, "Eik", DAG, "registered"),
    (6, Kind.SUGGESTION, "Kastanje", BSO, "registered"),
    (9, Kind.SIGNAL, "Linde", BSO, "in_progress"),
    (12, Kind.COMPLAINT, "Esdoorn", DAG, "in_progress"),
    (38, Kind.COMPLAINT, "Vlier", ONTW, "extended"),
    (24, Kind.COMPLAINT, "Beuk", GOO, "answered"),
    (31, Kind.COMPLAINT, "Berk", DAG, "answered"),
    (15, Kind.SIGNAL, "Meidoorn", DAG, "meldcode"),
    (20, Kind.COMPLAINT, "Els", THUIS, "closed"),
    (45, Kind.SUGGESTION, "Morel", ONTW, "closed"),
]
EXTENSION_REASON = "Er is meer tijd nodig om ook met de school en de zorgcoördinator te praten."


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
    organisation.confidential_adviser = (
        "Ouders kunnen voor advies terecht bij een onafhankelijke vertrouwenspersoon. Voor "
        "jeugdhulp is dat het AKJ (www.akj.nl)."
    )
    organisation.save()
    for name, ggd_name, ggd_email in REGIONS:
        Region.objects.create(name=name, ggd_name=ggd_name, ggd_email=ggd_email)
    for name, framework in SERVICES.items():
        Service.objects.create(name=name, framework=framework)
    Regulation.objects.create(
        version="2024",
        in_force_from=date(2024, 1, 1),
        text="De klachtenregeling van Kinderopvang De Vlinderboom.",
        advice_kind=Regulation.AdviceKind.ADVICE,
        advice_by="Klantpanel",
        advice_on=date(2023, 11, 14),
        advice_text="Het klantpanel adviseert positief.",
    )
    _staff_create()


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
            is_staff=role in (Role.ADMINISTRATOR, Role.QUALITY_LEAD),
            is_superuser=role == Role.ADMINISTRATOR,
        )
        TOTPDevice.objects.create(
            user=users[username], name="Demo-authenticator", key=DEMO_TOTP_KEY, confirmed=True
        )
    users["hoofdkwaliteit"].user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="feedback", codename__in=QUALITY_LEAD_PERMISSIONS
        )
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


T = TypeVar("T")
# Fields the services fill with now(); the demo moves them to the moment of the step.
STAMPED = [
    (Event, "at"),
    (Feedback, "registered_at"),
    (Feedback, "answered_at"),
    (Feedback, "closed_at"),
    (Judgment, "sent_at"),
    (Situation, "created_at"),
    (OutboxMessage, "created_at"),
    (OutboxMessage, "next_attempt_at"),
    (ParentLink, "created_at"),
]


def _at(when: datetime, service: Callable[..., T], /, **kwargs) -> T:
    """Call a service, then move everything it stamped with now() back to `when`."""
    started = timezone.now()
    result = service(**kwargs)
    for model, field in STAMPED:
        model.objects.filter(**{f"{field}__gte": started}).update(**{field: when})
    return result


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class _Builder:
    """Walks dossiers through the services along a plausible timeline."""

    def __init__(self, *, now: datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        self.rng = random.Random(2025)  # noqa: S311 - reproducible demo data
        self.ids: list[int] = []
        self.judged: list[tuple[Feedback, date]] = []  # closed with a judgment, and when
        self.morel_ids: list[int] = []
        self.users = {u.username: u for u in User.objects.all()}
        self.locations = {loc.name: loc for loc in Location.objects.prefetch_related("services")}
        self.categories = {c.name: c for c in Category.objects.all()}

    # --- time -----------------------------------------------------------------------------

    def moment(self, day: date) -> datetime:
        hour, minute = self.rng.randint(8, 16), self.rng.randrange(0, 60, 5)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def later(self, after: datetime, low: int, high: int) -> datetime:
        """A working-day moment `low`..`high` days after `after`, never in the future."""
        day = _workday(timezone.localdate(after) + timedelta(days=self.rng.randint(low, high)))
        when = max(self.moment(day), after + timedelta(minutes=20))
        return min(when, self.now - timedelta(minutes=5))

    # --- people ---------------------------------------------------------------------------

    def parent(self) -> dict[str, str]:
        first = self.rng.choice(PARENT_FIRST.split())
        last = self.rng.choice(PARENT_LAST)
        email = f"{first}.{last}".lower().replace(" ", "") + "@example.nl"
        return {
            "submitter_name": f"{first} {last}",
            "submitter_email": email if self.rng.random() < 0.9 else "",
            "submitter_phone": f"06-{self.rng.randint(10000000, 99999999)}",
        }

    def handler(self, feedback: Feedback) -> User:
        if feedback.framework == LegalFramework.JEUGDWET and self.rng.random() < 0.5:
            return self.users["behandelaar"]
        return feedback.location.manager

    def officer(self) -> User:
        return self.users["kwaliteit" if self.rng.random() < 0.8 else "hoofdkwaliteit"]

    # --- one dossier ----------------------------------------------------------------------

    def receive(self, when, kind, location, service, story, *, parent=None, child=None, **extra):
        child = child or services.Child(
            self.rng.choice(CHILDREN.split()), self.rng.choice(GROUPS[service.name])
        )
        feedback = _at(
            when,
            services.feedback_receive,
            kind=kind,
            location=location,
            service=service,
            description=story.description.format(child=child.first_name, group=child.group),
            children=[child],
            category=self.categories[story.category],
            received_at=when,
            **(parent or self.parent()),
            **extra,
        )
        self.ids.append(feedback.pk)
        return feedback

    def register(self, feedback: Feedback, when: datetime, by: User | None = None) -> None:
        _at(
            when,
            services.feedback_register,
            feedback_id=feedback.pk,
            by=by or self.officer(),
            kind=feedback.kind,
            category=feedback.category,
            location=feedback.location,
            service=feedback.service,
        )

    def contact(self, feedback: Feedback, when: datetime, by: User, index: int) -> None:
        channel, text = CONTACTS[index % len(CONTACTS)]
        _at(
            when,
            services.feedback_log_contact,
            feedback_id=feedback.pk,
            by=by,
            channel=channel,
            on=timezone.localdate(when),
            summary=text,
        )

    def judge(self, feedback, when, by, outcome, reasoning, measures) -> None:
        decided = timezone.localdate(when)
        inputs = [
            services.MeasureInput(text, by, decided + timedelta(days=d)) for text, d in measures
        ]
        judgment = _at(
            when,
            services.feedback_judge,
            feedback_id=feedback.pk,
            by=by,
            outcome=outcome,
            reasoning=reasoning,
            measures=inputs,
            no_measures_reason="" if inputs else "De werkwijze was juist; er verandert niets.",
            decided_on=decided,
        )
        Judgment.objects.filter(pk=judgment.pk).update(sent_at=when)
        for measure in judgment.measures.all():
            done = measure.due_date - timedelta(days=self.rng.randint(0, 10))
            if done < self.today - timedelta(days=7) and self.rng.random() < 0.9:
                done = max(done, decided)
                _at(
                    self.moment(done),
                    services.measure_complete,
                    measure_id=measure.pk,
                    done_on=done,
                    by=by,
                )

    def close(self, feedback: Feedback, when: datetime, story: Story, handling: str) -> None:
        _at(when, services.feedback_close, feedback_id=feedback.pk, by=self.officer())
        self.texts(feedback, when, story.summary, handling)
        if self.rng.random() < 0.45:
            rating = self.rng.choices([1, 2, 3, 4, 5], weights=[5, 10, 25, 35, 25])[0]
            _at(
                self.later(when, 2, 10),
                services.feedback_rate,
                feedback_id=feedback.pk,
                satisfaction=rating,
            )

    def texts(self, feedback: Feedback, when: datetime, summary: str, handling: str) -> None:
        _at(
            self.later(when, 0, 3),
            services.feedback_set_report_texts,
            feedback_id=feedback.pk,
            by=self.users["kwaliteit"],
            summary=summary,
            handling=handling,
        )

    # --- flows ----------------------------------------------------------------------------

    def complaint(self, feedback, t, story, *, stop="closed", ending="judged", days=(10, 38)):
        """Walk a complaint to `stop`; `ending` says how it closes, `days` when it is judged."""
        self.register(feedback, t := self.later(t, 0, 2))
        if stop == "registered":
            return
        handler = self.handler(feedback)
        _at(
            t := self.later(t, 0, 2),
            services.feedback_assign,
            feedback_id=feedback.pk,
            handler=handler,
            by=self.officer(),
        )
        if ending == "withdrawn":
            _, text, handling = ENDINGS[ending]
            _at(
                t := self.later(t, 1, 7),
                services.feedback_withdraw,
                feedback_id=feedback.pk,
                text=text,
                by=None,
            )
            self.texts(feedback, t, story.summary, handling)
            return
        self.contact(feedback, t := self.later(t, 1, 6), handler, 0)
        if stop == "in_progress":
            return
        if ending in ENDINGS:
            reason, text, handling = ENDINGS[ending]
            _at(
                t := self.later(t, 1, 10),
                services.feedback_resolve,
                feedback_id=feedback.pk,
                reason=reason,
                text=text,
                by=handler,
            )
            self.texts(feedback, t, story.summary, handling)
            return
        if self.rng.random() < 0.5:
            self.contact(feedback, t := self.later(t, 2, 8), handler, self.rng.randint(1, 3))
        t = max(self.later(feedback.received_at, *days), t + timedelta(hours=1))
        outcome = self.rng.choices(list(Outcome), weights=[30, 40, 30])[0]
        if outcome == Outcome.UNFOUNDED:
            reasoning = "Na onderzoek blijkt dat volgens de afspraken is gewerkt."
            measures = [(story.measure, 30)] if self.rng.random() < 0.3 else []
        else:
            reasoning, measures = story.reasoning, [(story.measure, self.rng.randint(14, 42))]
        self.judge(feedback, t, handler, outcome, reasoning, measures)
        if stop == "answered":
            return
        self.close(feedback, t := self.later(t, 1, 7), story, story.handling)
        self.judged.append((feedback, timezone.localdate(t)))

    def handled(self, feedback: Feedback, t: datetime, story: Story, *, stop="closed") -> None:
        """A suggestion, compliment or signal: registered, perhaps assigned, passed on."""
        self.register(feedback, t := self.later(t, 0, 2))
        by = self.officer()
        if feedback.kind != Kind.COMPLIMENT and stop != "registered":
            by = self.handler(feedback)
            _at(
                t := self.later(t, 0, 2),
                services.feedback_assign,
                feedback_id=feedback.pk,
                handler=by,
                by=self.officer(),
            )
        if stop != "closed":
            return
        _at(
            t := self.later(t, 1, 12),
            services.feedback_resolve,
            feedback_id=feedback.pk,
            reason=ClosureReason.HANDLED,
            text=story.handling,
            by=by,
        )
        self.texts(feedback, t, story.summary, story.handling)

    def meldcode(self, feedback: Feedback, t: datetime, *, close: bool = True) -> None:
        officer = self.users["meldcode"]
        _at(
            t := self.later(t, 0, 1),
            services.feedback_start_meldcode,
            feedback_id=feedback.pk,
            text="Zorgsignaal: de stappen van de meldcode zijn gestart.",
            by=officer,
        )
        if close:
            _at(
                t := self.later(t, 20, 50),
                services.feedback_close_meldcode,
                feedback_id=feedback.pk,
                text="De meldcode is doorlopen.",
                by=officer,
            )
            self.texts(feedback, t, MELDCODE_STORY.summary, MELDCODE_STORY.handling)

    # --- the years ------------------------------------------------------------------------

    def years(self, start: date, end: date, fixed: Sequence[MorelCase] = ()) -> None:
        """Four to six klantreacties a month from `start` up to `end`, closed in every way.

        All receipts are drawn first and then received in order, so dossier numbers follow
        the date of receipt; `fixed` cases take their place among them.
        """
        end = min(end, self.today - timedelta(days=60))
        plan: list[tuple[datetime, MorelCase | None]] = []
        month = start
        while month <= end:
            for _ in range(self.rng.randint(4, 6)):
                day = month + timedelta(days=self.rng.randint(0, 27))
                if day <= end:
                    plan.append((self.moment(day), None))
            month = (month + timedelta(days=32)).replace(day=1)
        plan += [(timezone.make_aware(case.received), case) for case in fixed]
        for received, case in sorted(plan, key=lambda item: item[0]):
            if case:
                self.morel_case(case, received)
            else:
                self.past_dossier(received)

    def past_dossier(self, received: datetime) -> None:
        kind = self.rng.choices(list(Kind), weights=[55, 15, 20, 10])[0]
        # The only complaints at Morel in 2025 are the three of one situation (`morel_case`).
        year = timezone.localdate(received).year
        names = [n for n in self.locations if (kind, year, n) != (Kind.COMPLAINT, 2025, "Morel")]
        location = self.locations[self.rng.choice(sorted(names))]
        service = self.rng.choice(list(location.services.all()))
        channel = self.rng.choices(
            [Channel.WEB_FORM, Channel.EMAIL, Channel.PHONE, Channel.IN_PERSON], [70, 15, 10, 5]
        )[0]
        if kind == Kind.SIGNAL and self.rng.random() < 0.15:
            feedback = self.receive(
                received,
                kind,
                location,
                service,
                MELDCODE_STORY,
                channel=channel,
                suspected_abuse=True,
            )
            self.meldcode(feedback, received)
            return
        story = self.rng.choice(COMPLAINTS if kind == Kind.COMPLAINT else OTHERS[kind])
        feedback = self.receive(received, kind, location, service, story, channel=channel)
        if kind != Kind.COMPLAINT:
            self.handled(feedback, received, story)
            return
        ending = self.rng.choices(
            ["judged", "solved", "withdrawn", "not_admissible", "forwarded"], [70, 14, 8, 3, 5]
        )[0]
        late = self.rng.random() < 0.08  # a few answers come after the legal term
        self.complaint(
            feedback, received, story, ending=ending, days=(44, 60) if late else (10, 38)
        )

    # --- the fixed situation at Morel (2025) ----------------------------------------------

    def morel_case(self, case: MorelCase, received: datetime) -> None:
        """One of three parents complaining about one conflict: fixed facts, no chance."""
        morel, officer = self.locations["Morel"], self.users["kwaliteit"]
        handler = morel.manager
        service = Service.objects.get(name=DAG)
        first, last = case.parent
        feedback = self.receive(
            received,
            Kind.COMPLAINT,
            morel,
            service,
            case.story,
            parent={
                "submitter_name": f"{first} {last}",
                "submitter_email": f"{first}.{last}".lower().replace(" ", "") + "@example.nl",
            },
            child=services.Child(case.child, "Vlinders"),
        )
        self.morel_ids.append(feedback.pk)
        start = _workday(received.date() + timedelta(days=1))
        self.register(feedback, _local(start, 9), by=officer)
        _at(
            _local(start, 9, 30),
            services.feedback_assign,
            feedback_id=feedback.pk,
            handler=handler,
            by=officer,
        )
        for on, (channel, text) in [(date(2025, 3, 14), MOREL_TEAM), (case.meeting, case.contact)]:
            _at(
                _local(on, 15),
                services.feedback_log_contact,
                feedback_id=feedback.pk,
                by=handler,
                channel=channel,
                on=on,
                summary=text,
            )
        due = case.judged + timedelta(days=30)
        judgment = _at(
            _local(case.judged, 14),
            services.feedback_judge,
            feedback_id=feedback.pk,
            by=handler,
            outcome=case.outcome,
            reasoning=case.story.reasoning,
            measures=[services.MeasureInput(case.story.measure, handler, due)],
            decided_on=case.judged,
        )
        Judgment.objects.filter(pk=judgment.pk).update(sent_at=_local(case.judged, 14))
        closed = _workday(case.judged + timedelta(days=2))
        _at(_local(closed, 10), services.feedback_close, feedback_id=feedback.pk, by=officer)
        _at(
            _local(closed, 11),
            services.feedback_set_report_texts,
            feedback_id=feedback.pk,
            by=officer,
            summary=case.story.summary,
            handling=case.story.handling,
        )
        measure = judgment.measures.get()
        _at(
            _local(due, 12),
            services.measure_complete,
            measure_id=measure.pk,
            done_on=due,
            by=handler,
        )

    def morel_link(self) -> None:
        """The quality officer sees the three Morel complaints are one situation."""
        _at(
            _local(date(2025, 3, 13), 11),
            services.situation_link,
            feedback_ids=self.morel_ids,
            title=MOREL_SITUATION[0],
            note=MOREL_SITUATION[1],
            by=self.users["kwaliteit"],
        )

    # --- escalations and improvements -----------------------------------------------------

    def extras(self) -> None:
        """Klachtenloket and a dispute in 2024, the AKJ in 2025; no dispute starts in 2025."""
        early_2024 = [(f, d) for f, d in self.judged if d.year == 2024 and d.month < 7]
        for (feedback, closed), (body, result, binding, days, summary) in zip(
            self.rng.sample(early_2024, len(ESCALATIONS_2024)), ESCALATIONS_2024, strict=True
        ):
            self.escalate(
                feedback, closed + timedelta(days=14), days, body, result, binding, summary
            )
        youth = [
            (f, d)
            for f, d in self.judged
            if d.year == 2025 and f.framework == LegalFramework.JEUGDWET
        ]
        if youth:
            feedback, closed = self.rng.choice(youth)
            start = _workday(timezone.localdate(feedback.received_at) + timedelta(days=2))
            self.escalate(feedback, start, (closed - start).days, *AKJ_2025)
        for title, decided, done, advice, categories, year in IMPROVEMENTS:
            linked = (
                self.morel_ids
                if categories is None
                else [
                    f.pk for f, d in self.judged if d.year == year and f.category.name in categories
                ][:3]
            )
            services.improvement_record(
                title=title,
                description=title + ".",
                decided_on=decided,
                done_on=done,
                feedback_ids=linked,
                client_panel_asked=bool(advice),
                client_panel_advice=advice,
            )

    def escalate(self, feedback, started, days, body, result, binding, summary) -> None:
        escalation = _at(
            self.moment(started),
            services.escalation_record,
            feedback_id=feedback.pk,
            by=self.users["kwaliteit"],
            body=body,
            started_on=started,
            summary=summary,
        )
        ended = started + timedelta(days=max(days, 0))
        _at(
            self.moment(ended),
            services.escalation_end,
            escalation_id=escalation.pk,
            by=self.users["kwaliteit"],
            ended_on=ended,
            result=result,
            is_binding=binding,
        )

    # --- the last weeks: open work in every state -----------------------------------------

    def recent(self) -> None:
        for days_ago, kind, name, service_name, stop in sorted(RECENT, key=lambda r: -r[0]):
            location = self.locations[name]
            service = Service.objects.get(name=service_name)
            received = self.moment(self.today - timedelta(days=days_ago))
            if stop == "meldcode":
                feedback = self.receive(
                    received, kind, location, service, MELDCODE_STORY, suspected_abuse=True
                )
                self.meldcode(feedback, received, close=False)
                continue
            story = self.rng.choice(COMPLAINTS if kind == Kind.COMPLAINT else OTHERS[kind])
            feedback = self.receive(received, kind, location, service, story)
            if stop == "received":
                continue
            if kind != Kind.COMPLAINT:
                self.handled(feedback, received, story, stop=stop)
            elif stop == "extended":
                self.complaint(feedback, received, story, stop="in_progress")
                feedback.refresh_from_db()
                _at(
                    self.later(received, 16, 20),
                    services.feedback_extend,
                    feedback_id=feedback.pk,
                    until=feedback.answer_due + timedelta(weeks=4),
                    reason=EXTENSION_REASON,
                    by=feedback.handler,
                )
            else:
                self.complaint(
                    feedback, received, story, stop=stop, days=(days_ago // 2, days_ago // 2 + 3)
                )


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
