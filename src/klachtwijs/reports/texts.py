"""The report's prose: our default texts, overridden by the organisation's own (Markdown).

The defaults are written for this product (plain Dutch, B1). An organisation's text in
`Organisation.intro_text`, `procedure_text` or `publicity_text` replaces the default when it
is not empty (`committee_text` opens the Jeugdwet report's committee section, `jeugdwet.py`).
Markdown is rendered and then sanitised with nh3, so an edited text can never inject script
into the preview, the PDF or a mail.
"""

from klachtwijs.core.markdown import markdown_html
from klachtwijs.organisation.models import Organisation

__all__ = ["markdown_html", "section_texts"]

DEFAULT_INTRO = """\
{organisation} wil weten wat ouders bezighoudt. Een klacht, een idee of een compliment helpt
ons om de opvang en begeleiding van kinderen beter te maken. Daarom vragen wij ouders en
medewerkers om alles wat beter kan aan ons te melden.

In dit verslag staat hoeveel klantreacties wij in {year} kregen, waar ze over gingen en hoe
wij ze hebben afgehandeld. Het verslag gaat niet over personen: u leest geen namen en niets
waaraan iemand te herkennen is.

Wij bespreken dit verslag met het management en met het klantpanel. Wij sturen het vóór
1 juni naar de GGD van elke regio waar wij werken, en wij laten het tegelijk aan alle ouders
weten.
"""

DEFAULT_PROCEDURE = """\
Zo gaan wij met een klacht om:

1. Een ouder bespreekt onvrede het liefst eerst met de medewerker of de leidinggevende van de
   vestiging. Lukt dat niet, of wil de ouder een klacht indienen? Dan kan dat met het formulier
   op onze website, per e-mail, per brief of telefonisch.
2. De ouder krijgt een ontvangstbevestiging. De afdeling kwaliteit legt een dossier aan en kiest
   een behandelaar.
3. De behandelaar onderzoekt de klacht en praat met de ouder. De ouder hoort tussendoor hoe het
   ervoor staat.
4. De ouder krijgt een schriftelijk en gemotiveerd oordeel, zo snel mogelijk en uiterlijk binnen
   de wettelijke termijn. Spreken wij maatregelen af, dan staat bij elke maatregel een datum.
5. Leert een klacht ons iets voor de hele organisatie, dan voeren wij een verbetering door.
   Het klantpanel geeft daar advies over.
"""

DEFAULT_PUBLICITY = """\
Ouders lezen over de klachtenregeling op onze website en in onze algemene voorwaarden. Bij de
start van de opvang of begeleiding vertellen wij hoe een ouder een klacht kan indienen. In
elke ontvangstbevestiging en elk oordeel staat waar de ouder daarna terecht kan.
"""

DEFAULT_EXTERNAL = """\
Is een ouder het niet eens met ons oordeel, of lukt een gesprek niet? Dan kan de ouder hulp
vragen buiten onze organisatie:

- **Klachtenloket Kinderopvang**: geeft informatie en advies en kan bemiddelen.
- **Geschillencommissie Kinderopvang**: doet een bindende uitspraak. Een ouder kan hier ook
  direct terecht als een klacht bij ons niet mogelijk is.
- **Vertrouwenspersoon (AKJ)**: voor jeugdhulp helpt een onafhankelijke vertrouwenspersoon de
  ouder of het kind bij vragen en klachten.
- **Klachtencommissie (Jeugdwet)**: een onafhankelijke commissie oordeelt over klachten over
  jeugdhulp.
"""

NO_COMPLAINTS = (
    "In {year} hebben wij geen klachten ontvangen. Voor een jaar zonder klachten is een "
    "klachtenjaarverslag niet verplicht. Wij maken dit verslag toch, zodat iedereen kan zien "
    "dat er geen klachten waren."
)
NO_DISPUTES = (
    "In {year} zijn er bij de Geschillencommissie geen geschillen over {organisation} "
    "geregistreerd."
)


def _fill(template: str, *, organisation: Organisation, year: int) -> str:
    return template.replace("{organisation}", organisation.name).replace("{year}", str(year))


def section_texts(
    *, organisation: Organisation, year: int, jeugdwet: bool
) -> list[tuple[str, str]]:
    """(title, Markdown) of the prose sections, the organisation's own text where it has one."""
    sections = [
        ("Inleiding", organisation.intro_text or DEFAULT_INTRO),
        ("De klachtenregeling", organisation.procedure_text or DEFAULT_PROCEDURE),
        ("Hoe ouders de regeling kennen", organisation.publicity_text or DEFAULT_PUBLICITY),
        ("Hulp buiten de organisatie", DEFAULT_EXTERNAL),
    ]
    # The Jeugdwet report's committee sections are facts entered per year, never a default
    # claim: `reports.jeugdwet.report_sections` (LEGAL.md R5).
    return [(title, _fill(text, organisation=organisation, year=year)) for title, text in sections]
