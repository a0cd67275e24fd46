"""The demo's facts and texts: regions, locations, staff, stories and the Morel situation.
Our own words (the example report's facts are test data, its sentences are not ours)."""

import base64
from dataclasses import dataclass
from datetime import date, datetime

from klachtwijs.feedback.models import (
    ClosureReason,
    Escalation,
    Event,
    Kind,
    Outcome,
)
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Role

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
