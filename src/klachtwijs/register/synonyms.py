"""The words organisations use in their own registers, and what they mean here: data only.

One place for every synonym the import knows (`matching.py` uses them). The key is the column
of the file; each synonym maps to the Dutch label the product uses (for `onderwerp` the name of
a default category, `feedback/defaults.py`; a synonym whose category the organisation renamed
or removed is simply not used). Write synonyms in lower case; accents, case and extra spaces do
not matter when matching. Besides these, a unique start of a label or synonym also matches
("communicatie" → "Communicatie en informatie").
"""

from klachtwijs.organisation.presets import SERVICE_PRESETS as PRESETS

SYNONYMS: dict[str, dict[str, str]] = {
    "soort": {
        "klachten": "klacht",
        "verbetering": "verbeterpunt",
        "verbetervoorstel": "verbeterpunt",
        "suggestie": "verbeterpunt",
        "tip": "verbeterpunt",
        "idee": "verbeterpunt",
        "complimenten": "compliment",
        "pluim": "compliment",
        "vraag": "vraag of signaal",
        "signaal": "vraag of signaal",
        "melding": "vraag of signaal",
    },
    "status": {
        "afgehandeld": "afgesloten",
        "gesloten": "afgesloten",
        "afgerond": "afgesloten",
        "klaar": "afgesloten",
        "nieuw": "ontvangen",
        "binnengekomen": "ontvangen",
        "open": "in behandeling",
        "lopend": "in behandeling",
        "loopt": "in behandeling",
        "meldcode": "meldcoderoute",
    },
    "oordeel": {
        "terecht": "gegrond",
        "deels terecht": "deels gegrond",
        "gedeeltelijk terecht": "deels gegrond",
        "gedeeltelijk gegrond": "deels gegrond",
        "ten dele gegrond": "deels gegrond",
        "deels": "deels gegrond",
        "onterecht": "ongegrond",
        "niet terecht": "ongegrond",
        "niet gegrond": "ongegrond",
    },
    "reden_afsluiting": {
        "oordeel": "afgehandeld met oordeel",
        "opgelost": "opgelost zonder oordeel",
        "teruggetrokken": "ingetrokken",
        "meldcode": "meldcoderoute",
    },
    "onderwerp": {
        "communicatie": "Communicatie en informatie",
        "informatie": "Communicatie en informatie",
        "bejegening": "Bejegening of gedrag van een medewerker",
        "gedrag medewerker": "Bejegening of gedrag van een medewerker",
        "pedagogiek": "Pedagogisch handelen en zorg voor het kind",
        "pedagogisch": "Pedagogisch handelen en zorg voor het kind",
        "zorg": "Pedagogisch handelen en zorg voor het kind",
        "veiligheid": "Veiligheid, gezondheid en hygiëne",
        "gezondheid": "Veiligheid, gezondheid en hygiëne",
        "hygiene": "Veiligheid, gezondheid en hygiëne",
        "werkwijze": "Werkwijze of regel",
        "regels": "Werkwijze of regel",
        "beleid": "Werkwijze of regel",
        "overeenkomst": "Overeenkomst, plaatsing, opvangdagen en opzegging",
        "contract": "Overeenkomst, plaatsing, opvangdagen en opzegging",
        "plaatsing": "Overeenkomst, plaatsing, opvangdagen en opzegging",
        "opzegging": "Overeenkomst, plaatsing, opvangdagen en opzegging",
        "financien": "Financiën en facturen (ook toeslag)",
        "facturen": "Financiën en facturen (ook toeslag)",
        "factuur": "Financiën en facturen (ook toeslag)",
        "kosten": "Financiën en facturen (ook toeslag)",
        "toeslag": "Financiën en facturen (ook toeslag)",
        "openingstijden": "Openingstijden en vervoer (BSO)",
        "vervoer": "Openingstijden en vervoer (BSO)",
        "kindermishandeling": "Vermoeden van kindermishandeling of grensoverschrijdend gedrag",
        "grensoverschrijdend gedrag": (
            "Vermoeden van kindermishandeling of grensoverschrijdend gedrag"
        ),
    },
}

# The services `import_register --create-locations` may make when none exists yet, with their
# legal framework: the set-up's presets (`organisation.presets.SERVICE_PRESETS`, one list),
# plus the words registers use for them. Keys as the `dienst` column or `--service` may write
# them; the value is the name the service gets and its framework.
SERVICE_WORDS = {
    "kinderdagverblijf": "Dagopvang",
    "kdv": "Dagopvang",
    "bso": "Buitenschoolse opvang",
}
SERVICE_PRESETS: dict[str, tuple[str, str]] = {
    name.lower(): (name, str(framework)) for name, framework in PRESETS
}
SERVICE_PRESETS.update(
    {word: SERVICE_PRESETS[name.lower()] for word, name in SERVICE_WORDS.items()}
)
DEFAULT_SERVICE = "dagopvang"
