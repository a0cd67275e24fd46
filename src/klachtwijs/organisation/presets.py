"""Choices offered while setting up, never rows made on their own: a fresh install holds no
region or service the organisation did not pick (ADR 0005: only the organisation row and the
categories are made after `migrate`).

The 25 GGD regions as the GGDs name themselves (GGD GHOR Nederland's list of 25 GGDs; the
region is what the annual report per region is called by, the GGD's name what the letter says).
"""

from klachtwijs.organisation.frameworks import LegalFramework

# (region name, the GGD's own name). Alphabetical by region, as the picker shows them.
GGD_REGIONS: list[tuple[str, str]] = sorted(
    [
        ("Amsterdam", "GGD Amsterdam"),
        ("Brabant-Zuidoost", "GGD Brabant-Zuidoost"),
        ("Drenthe", "GGD Drenthe"),
        ("Flevoland", "GGD Flevoland"),
        ("Fryslân", "Veiligheidsregio/ GGD Fryslân"),
        ("Gelderland-Midden", "GGD Gelderland-Midden"),
        ("Gelderland-Zuid", "GGD Gelderland-Zuid"),
        ("Gooi en Vechtstreek", "GGD Gooi en Vechtstreek"),
        ("Groningen", "GGD Groningen"),
        ("Haaglanden", "GGD Haaglanden"),
        ("Hart voor Brabant", "GGD Hart voor Brabant"),
        ("Hollands Midden", "GGD Hollands Midden"),
        ("Hollands Noorden", "GGD Hollands Noorden"),
        ("IJsselland", "GGD IJsselland"),
        ("Kennemerland", "GGD Kennemerland"),
        ("Limburg-Noord", "GGD Limburg-Noord"),
        ("Noord- en Oost-Gelderland", "GGD Noord- en Oost-Gelderland"),
        ("Rotterdam-Rijnmond", "GGD Rotterdam-Rijnmond"),
        ("Twente", "GGD Twente"),
        ("Utrecht", "GGD regio Utrecht"),
        ("West-Brabant", "GGD West-Brabant"),
        ("Zaanstreek-Waterland", "GGD Zaanstreek-Waterland"),
        ("Zeeland", "GGD Zeeland"),
        ("Zuid-Holland Zuid", "Dienst Gezondheid & Jeugd Zuid-Holland Zuid"),
        ("Zuid Limburg", "GGD Zuid Limburg"),
    ],
    key=lambda pair: pair[0].casefold(),
)
GGD_NAME = dict(GGD_REGIONS)

# The services most organisations in the sector give, with the law each falls under.
SERVICE_PRESETS: list[tuple[str, str]] = [
    ("Dagopvang", LegalFramework.WKO),
    ("Buitenschoolse opvang", LegalFramework.WKO),
    ("Gastouderopvang", LegalFramework.WKO),
    ("Ontwikkelarrangement", LegalFramework.JEUGDWET),
    ("Jeugdhulp", LegalFramework.JEUGDWET),
    ("Thuisbegeleiding", LegalFramework.JEUGDWET),
]


def _plain(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def region_preset(name: str) -> tuple[str, str] | None:
    """The preset region a written name means: case, accents and a leading "GGD" do not
    matter ("ggd fryslan" is Fryslân); None when it is not one of the 25."""
    wanted = _plain(name)
    if wanted.startswith("ggd "):
        wanted = wanted[4:]
    for region, ggd in GGD_REGIONS:
        if wanted in (_plain(region), _plain(ggd), _plain(ggd).removeprefix("ggd ")):
            return region, ggd
    return None
