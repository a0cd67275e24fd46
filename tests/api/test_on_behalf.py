"""Staff and systems submit a klantreactie on behalf of a parent."""

import pytest

from klachtwijs.feedback.models import Channel, Feedback
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/klantreacties/"


def _form(location, **extra):
    return {
        "kind": "signal",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Moeder belde over de wisseling van leidsters.",
        "submitter_name": "Anna Smit",
        "contact_preference": "phone",
        "submitter_phone": "0401234567",
        **extra,
    }


def test_handler_system_submits_for_its_own_location(token_client, location):
    client = token_client(Role.HANDLER, [location], name="planning")
    response = client.post(URL, _form(location), format="json")
    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get(reference=response.json()["reference"])
    assert feedback.channel == Channel.API
    assert feedback.created_by.username == "api-planning"
    assert feedback.events.get().actor == feedback.created_by


def test_handler_system_cannot_submit_for_another_location(token_client, location):
    client = token_client(Role.HANDLER, [location])
    response = client.post(URL, _form(LocationFactory()), format="json")
    assert response.status_code == 400
    assert "location" in response.json()["fields"]


def test_suspected_abuse_takes_the_restricted_route(token_client, location):
    client = token_client(Role.QUALITY_OFFICER)
    response = client.post(URL, _form(location, suspected_abuse=True), format="json")
    assert Feedback.objects.get(reference=response.json()["reference"]).is_restricted


def test_idempotency_key_is_per_caller(token_client, location):
    one = token_client(Role.QUALITY_OFFICER, name="een")
    two = token_client(Role.QUALITY_OFFICER, name="twee")
    headers = {"HTTP_IDEMPOTENCY_KEY": "zelfde"}
    assert one.post(URL, _form(location), format="json", **headers).status_code == 201
    assert one.post(URL, _form(location), format="json", **headers).status_code == 200
    assert two.post(URL, _form(location), format="json", **headers).status_code == 201
    assert Feedback.objects.count() == 2


def test_client_panel_may_not_submit(token_client, location):
    client = token_client(Role.CLIENT_PANEL)
    assert client.post(URL, _form(location), format="json").status_code == 403
