"""The forgiving matching of an organisation's own words (`register/matching.py`)."""

import pytest

from klachtwijs.feedback.models import Category, ClosureReason, Kind, Outcome, Status
from klachtwijs.register.matching import Vocabularies, normalise
from klachtwijs.register.synonyms import SYNONYMS
from tests.factories import LocationFactory, RegionFactory, ServiceFactory

pytestmark = pytest.mark.django_db

COMMUNICATIE = "Communicatie en informatie"
HYGIENE = "Veiligheid, gezondheid en hygiëne"

# column, as written in a register, what it means (None: nothing, the mapping step asks)
TABLE = [
    ("soort", "Klacht", Kind.COMPLAINT),
    ("soort", "  KLACHT ", Kind.COMPLAINT),
    ("soort", "klachten", Kind.COMPLAINT),
    ("soort", "compl", Kind.COMPLIMENT),
    ("soort", "vraag", Kind.SIGNAL),
    ("soort", "signaal", Kind.SIGNAL),
    ("soort", "suggestie", Kind.SUGGESTION),
    ("soort", "klagt", None),
    ("soort", "k", None),  # one letter is no start
    ("status", "afgehandeld", Status.CLOSED),
    ("status", "Afgesloten", Status.CLOSED),
    ("status", "gesloten", Status.CLOSED),
    ("status", "af", Status.CLOSED),  # afgesloten, afgehandeld, afgerond: one meaning
    ("status", "in   behandeling", Status.IN_PROGRESS),
    ("status", "in-behandeling", Status.IN_PROGRESS),
    ("status", "meldcode", Status.MELDCODE),
    ("status", "nieuw", Status.RECEIVED),
    ("status", "zoek", None),
    ("oordeel", "terecht", Outcome.WELL_FOUNDED),
    ("oordeel", "Gegrond", Outcome.WELL_FOUNDED),
    ("oordeel", "deels terecht", Outcome.PARTLY_FOUNDED),
    ("oordeel", "deels", Outcome.PARTLY_FOUNDED),
    ("oordeel", "gedeeltelijk gegrond", Outcome.PARTLY_FOUNDED),
    ("oordeel", "onterecht", Outcome.UNFOUNDED),
    ("oordeel", "ONGEGROND", Outcome.UNFOUNDED),
    ("oordeel", "ge", None),  # gegrond or gedeeltelijk gegrond: ambiguous
    ("reden_afsluiting", "opgelost", ClosureReason.SOLVED),
    ("reden_afsluiting", "niet ontvankelijk", ClosureReason.NOT_ADMISSIBLE),
    ("reden_afsluiting", "withdrawn", ClosureReason.WITHDRAWN),  # as the export writes it
    ("onderwerp", "communicatie", COMMUNICATIE),
    ("onderwerp", "COMMUNICATIE EN INFORMATIE", COMMUNICATIE),
    ("onderwerp", "Communicatie   en informatie", COMMUNICATIE),
    ("onderwerp", "hygiene", HYGIENE),
    ("onderwerp", "veiligheid, gezondheid en hygiene", HYGIENE),
    ("onderwerp", "Financien", "Financiën en facturen (ook toeslag)"),
    ("onderwerp", "fin", "Financiën en facturen (ook toeslag)"),
    ("onderwerp", "oudercontact", None),
    ("regio", "Brabant-Zuidoost", "Brabant-Zuidoost"),
    ("regio", "GGD Brabant-Zuidoost", "Brabant-Zuidoost"),
    ("regio", "ggd brabant zuidoost", "Brabant-Zuidoost"),
    ("regio", "brabant", "Brabant-Zuidoost"),
    ("regio", "GGD Gelderland-Zuid", None),
    ("dienst", "dagopvang", "Dagopvang"),
    ("dienst", "KDV", "Dagopvang"),
    ("dienst", "ontw", "Ontwikkelarrangement"),
    ("vestiging", "morel", "Morel"),
    ("vestiging", " MOREL ", "Morel"),
    ("vestiging", "Mor", None),  # a location matches on its whole name only
    ("vestiging", "Café Zonnebloem", "Cafe Zonnebloem"),
]


@pytest.fixture
def known():
    region = RegionFactory(name="Brabant-Zuidoost")
    ServiceFactory(jeugdwet=True)
    LocationFactory(name="Morel", region=region)
    LocationFactory(name="Cafe Zonnebloem", region=region)
    return Vocabularies.load()


def _name(found):
    return getattr(found, "name", found)


@pytest.mark.parametrize(("column", "written", "meaning"), TABLE)
def test_an_organisations_own_words_match(known, column, written, meaning):
    assert _name(known[column].match(written)) == meaning


def test_a_remembered_mapping_goes_first_and_is_matched_itself():
    from klachtwijs.register.models import ImportMapping

    ImportMapping.objects.create(field="onderwerp", source_value="oudercontact", target="commun")
    vocabulary = Vocabularies.load()["onderwerp"]
    assert _name(vocabulary.match("Oudercontact")) == COMMUNICATIE
    # a mapping given for this import (the command's file) wins over the remembered one
    vocabulary = Vocabularies.load({("onderwerp", "oudercontact"): "hygiene"})["onderwerp"]
    assert _name(vocabulary.match("oudercontact")) == HYGIENE


def test_a_synonym_for_a_renamed_category_is_not_used():
    Category.objects.filter(name=COMMUNICATIE).update(name="Informatie aan ouders")
    vocabulary = Vocabularies.load()["onderwerp"]
    assert vocabulary.match("communicatie") is None
    assert _name(vocabulary.match("informatie aan")) == "Informatie aan ouders"


def test_every_synonym_means_a_known_label():
    vocabularies = Vocabularies.load()
    for column, synonyms in SYNONYMS.items():
        for word, label in synonyms.items():
            assert word == normalise(word), word
            assert vocabularies[column].match(label) is not None, (column, label)
