"""Staff and systems submit a klantreactie on behalf of a parent."""

import datetime as dt

import pytest
from django.utils import timezone

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import Channel, Document, Feedback
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


def test_the_term_runs_from_the_day_it_was_received(token_client, location):
    client = token_client(Role.QUALITY_OFFICER)
    received_on = timezone.localdate() - dt.timedelta(days=10)
    body = _form(location, kind="complaint", received_on=received_on.isoformat(), channel="letter")
    response = client.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get(reference=response.json()["reference"])
    assert timezone.localdate(feedback.received_at) == received_on
    assert feedback.channel == Channel.LETTER
    assert feedback.answer_due == rules.answer_due(
        framework=feedback.framework, received_on=received_on
    )
    assert feedback.answer_due != rules.answer_due(
        framework=feedback.framework, received_on=timezone.localdate()
    )


def test_received_on_today_or_left_out_starts_the_term_now(token_client, location):
    client = token_client(Role.QUALITY_OFFICER)
    for extra in ({}, {"received_on": timezone.localdate().isoformat()}):
        response = client.post(URL, _form(location, kind="complaint", **extra), format="json")
        feedback = Feedback.objects.get(reference=response.json()["reference"])
        assert timezone.now() - feedback.received_at < dt.timedelta(minutes=1)
        assert feedback.answer_due == rules.answer_due(
            framework=feedback.framework, received_on=timezone.localdate()
        )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"channel": "web_form"}, "channel"),
        ({"channel": "import"}, "channel"),
    ],
)
def test_a_future_day_or_a_channel_of_another_door_is_refused(token_client, location, extra, field):
    response = token_client(Role.QUALITY_OFFICER).post(URL, _form(location, **extra), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Feedback.objects.exists()


def test_the_same_key_with_another_body_is_refused_not_answered(token_client, location):
    client = token_client(Role.QUALITY_OFFICER)
    headers = {"HTTP_IDEMPOTENCY_KEY": "invoer-1"}
    first = client.post(URL, _form(location), format="json", **headers)
    again = client.post(URL, _form(location), format="json", **headers)
    other = client.post(URL, _form(location, submitter_name="Bram"), format="json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert first.json()["reference"] not in str(other.json())
    assert Feedback.objects.count() == 1


def test_an_on_behalf_klantreactie_gets_the_same_letter_task_as_the_back_office(
    token_client, location, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = token_client(Role.QUALITY_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, _form(location, submitter_email="anna@example.nl"), format="json"
        )
    feedback = Feedback.objects.get(reference=response.json()["reference"])
    assert feedback.documents.filter(kind=Document.Kind.ACKNOWLEDGEMENT).exists()
