"""A regulation version is published only with the advice or consent it needs (LEGAL.md H8):
Wko services need the oudercommissie's or klantpanel's advice (Wko 1.60), Jeugdwet services
the cliëntenraad's consent (Jeugdwet 4.2.1 lid 6); each body's answer is its own row. The door
is the admin's "publish" action; the public page shows only published versions."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from klachtwijs.feedback.models import Regulation, RegulationAdvice
from klachtwijs.organisation.models import Role
from tests.factories import ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:feedback_regulation_changelist"


def _regulation() -> Regulation:
    return Regulation.objects.create(
        version="2026", in_force_from=dt.date(2026, 1, 1), text="Onze regeling."
    )


def _advice(regulation, kind, body) -> RegulationAdvice:
    return RegulationAdvice.objects.create(
        regulation=regulation, kind=kind, body=body, on=dt.date(2025, 12, 1), text="Akkoord."
    )


def _publish(client, regulation):
    return client.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [regulation.pk]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def lead_client(client):
    return login_staff(client, UserFactory(role=Role.QUALITY_LEAD))


def test_with_both_frameworks_advice_alone_is_not_enough(lead_client):
    ServiceFactory()
    ServiceFactory(jeugdwet=True)
    regulation = _regulation()
    _advice(regulation, RegulationAdvice.Kind.ADVICE, RegulationAdvice.Body.CLIENT_PANEL)

    response = _publish(lead_client, regulation)

    regulation.refresh_from_db()
    assert regulation.published_at is None
    assert any("instemming van de cliëntenraad" in m for m in _messages(response))
    assert "Onze regeling." not in lead_client.get("/klachtenregeling/").text


def test_with_advice_and_consent_the_version_is_published_and_shown(lead_client):
    ServiceFactory()
    ServiceFactory(jeugdwet=True)
    regulation = _regulation()
    _advice(regulation, RegulationAdvice.Kind.ADVICE, RegulationAdvice.Body.PARENT_COMMITTEE)
    _advice(regulation, RegulationAdvice.Kind.CONSENT, RegulationAdvice.Body.CLIENT_COUNCIL)

    _publish(lead_client, regulation)

    regulation.refresh_from_db()
    assert regulation.published_at is not None
    assert regulation.published_by.role == Role.QUALITY_LEAD
    page = lead_client.get("/klachtenregeling/").text
    assert "versie 2026" in page
    assert "Advies: oudercommissie" in page
    assert "Instemming: cliëntenraad" in page


def test_a_childcare_only_organisation_needs_no_consent_but_does_need_advice(lead_client):
    ServiceFactory()
    regulation = _regulation()
    _advice(regulation, RegulationAdvice.Kind.CONSENT, RegulationAdvice.Body.CLIENT_COUNCIL)
    messages = _messages(_publish(lead_client, regulation))
    assert any("advies van de oudercommissie of het klantpanel" in m for m in messages)
    _advice(regulation, RegulationAdvice.Kind.ADVICE, RegulationAdvice.Body.CLIENT_PANEL)
    _publish(lead_client, regulation)
    regulation.refresh_from_db()
    assert regulation.published_at is not None


def test_the_change_page_warns_what_is_still_missing(lead_client):
    ServiceFactory(jeugdwet=True)
    regulation = _regulation()
    url = reverse("admin:feedback_regulation_change", args=[regulation.pk])
    response = lead_client.get(url)
    assert response.status_code == 200
    assert "instemming van de cliëntenraad" in response.text
