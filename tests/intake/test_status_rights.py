"""The status page says who may ask to see, correct or erase the data, by the child's age band
(LEGAL.md P4, Jeugdwet 7.3.4–7.3.5; the rule is feedback.minors)."""

import html

import pytest

from klachtwijs.feedback.tokens import link_new
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


def _rights(client, **answers) -> str:
    feedback = FeedbackFactory(**answers)
    path = link_new(feedback).split("127.0.0.1:8000", 1)[-1]
    page = html.unescape(client.get(path).content.decode())
    return page.split('id="uw-gegevens"')[1].split("</section>")[0]


def test_under_12_the_parent_decides(client):
    text = _rights(client, submitter_role="parent", age_band="under_12")
    assert "Het kind is jonger dan 12 jaar. Dan beslissen de ouders." in text
    assert "ook vragen ze te wissen" in text
    assert "Stuur uw vraag" in text or "Vraag het ons" in text


def test_under_12_a_child_who_wrote_is_told_the_parents_ask(client):
    text = _rights(client, submitter_role="young_person", age_band="under_12")
    assert "Dan vragen je ouders of je voogd dat voor je." in text
    assert "vanaf het e-mailadres" not in text


def test_12_to_15_both_may_see_and_erasing_needs_both(client):
    text = _rights(client, submitter_role="parent", age_band="12_to_15")
    assert "Het kind en de ouders mogen allebei vragen welke gegevens wij hebben" in text
    assert "Wissen kan alleen als het kind en de ouders het allebei willen." in text


def test_16_and_older_a_parent_is_told_the_young_person_decides(client):
    text = _rights(client, submitter_role="parent", age_band="16_plus")
    assert "Dan beslist de jongere zelf over de gegevens." in text
    assert "alleen inzien of laten wissen als de jongere daarmee instemt" in text


def test_16_and_older_the_young_person_who_wrote_decides(client):
    text = _rights(client, submitter_role="young_person", age_band="16_plus")
    assert "Jij beslist zelf over je gegevens." in text


def test_a_dossier_without_the_answers_keeps_the_general_text(client):
    text = _rights(client)
    assert "U mag vragen welke gegevens wij hebben en ze laten verbeteren." in text
