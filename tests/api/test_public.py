"""POST /api/v1/public/klantreacties/: the public form for other websites."""

import pytest

from klachtwijs.feedback.models import Channel, Feedback, Status
from klachtwijs.notifications.models import OutboxMessage
from tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/klantreacties/"


@pytest.fixture
def form(location):
    return {
        "kind": "complaint",
        "location": location.pk,
        "service": location.services.first().pk,
        "description": "Mijn zoon kwam zonder jas naar buiten.",
        "submitter_name": "Noor Bakker",
        "submitter_email": "noor@example.nl",
        "children": [{"first_name": "Sem", "group": "Dolfijnen"}],
    }


def test_a_website_submits_a_klantreactie(api, form):
    response = api.post(URL, form, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    feedback = Feedback.objects.get(reference=data["reference"])
    assert feedback.channel == Channel.API
    assert feedback.status == Status.RECEIVED
    assert feedback.children == [{"first_name": "Sem", "group": "Dolfijnen"}]
    assert data["acknowledgement_by_email"] is True
    assert "privélink" in data["next_steps"]
    ack = OutboxMessage.objects.get(feedback=feedback, kind="acknowledgement")
    assert ack.to == "noor@example.nl"
    assert "/status/" in ack.body_text


def test_the_same_idempotency_key_makes_one_dossier(api, form):
    first = api.post(URL, form, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    again = api.post(URL, form, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    other = api.post(URL, form, format="json", HTTP_IDEMPOTENCY_KEY="abc-124")
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert first.json()["reference"] == again.json()["reference"]
    assert Feedback.objects.count() == 2
    assert OutboxMessage.objects.filter(kind="acknowledgement").count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"submitter_email": ""}, "submitter_email"),
        ({"contact_preference": "phone", "submitter_phone": ""}, "submitter_phone"),
        ({"submitter_phone": "bel me"}, "submitter_phone"),
        ({"description": "   "}, "description"),
        ({"kind": "rant"}, "kind"),
        ({"location": 999999}, "location"),
        ({"happened_on": "2999-01-01"}, "happened_on"),
        ({"children": [{"group": "Dolfijnen"}]}, "children.0.first_name"),
        ({"website": "http://spam.example"}, "website"),
    ],
)
def test_invalid_input_is_refused_field_by_field(api, form, change, field):
    response = api.post(URL, {**form, **change}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert not Feedback.objects.exists()


def test_service_must_be_given_at_the_location(api, form):
    elsewhere = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    response = api.post(URL, {**form, "location": elsewhere.pk}, format="json")
    assert response.status_code == 400
    assert "service" in response.json()["fields"]


def test_phone_contact_needs_no_email(api, form):
    phone = {"contact_preference": "phone", "submitter_phone": "06 1234 5678"}
    body = {**form, **phone, "submitter_email": ""}
    response = api.post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["acknowledgement_by_email"] is False


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b'{"description": "\\ud800"}', b"[]", b'"text"'],
)
def test_malformed_bodies_are_400_not_500(api, raw, location):  # an open form
    response = api.generic("POST", URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_too_many_requests_from_one_address_get_429(api, form, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "API_PUBLIC_PER_HOUR": 2}
    codes = [api.post(URL, form, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    response = api.post(URL, form, format="json", REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 201
    limited = api.post(URL, form, format="json")
    assert limited.json()["code"] == "throttled"
    assert int(limited["Retry-After"]) > 0


def test_two_callers_with_one_key_each_get_their_own_dossier(api, form):
    key = {"HTTP_IDEMPOTENCY_KEY": "formulier-1"}
    noor = api.post(URL, form, format="json", REMOTE_ADDR="192.0.2.1", **key)
    other_parent = {**form, "submitter_name": "Sara Jansen", "submitter_email": "sara@example.nl"}
    sara = api.post(URL, other_parent, format="json", REMOTE_ADDR="192.0.2.2", **key)
    assert (noor.status_code, sara.status_code) == (201, 201)
    assert noor.json()["reference"] != sara.json()["reference"]
    assert Feedback.objects.get(reference=sara.json()["reference"]).submitter_name == "Sara Jansen"


def test_a_reused_key_with_another_body_is_refused_never_answered(api, form):
    key = {"HTTP_IDEMPOTENCY_KEY": "formulier-1"}
    first = api.post(URL, form, format="json", **key)
    other_parent = {**form, "submitter_name": "Sara Jansen", "submitter_email": "sara@example.nl"}
    refused = api.post(URL, other_parent, format="json", **key)
    again = api.post(URL, form, format="json", **key)
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "idempotency_key_reused"
    assert "nieuwe sleutel" in body["detail"]
    assert first.json()["reference"] not in str(body)
    assert (again.status_code, again.json()) == (200, first.json())
    assert list(Feedback.objects.values_list("submitter_name", flat=True)) == ["Noor Bakker"]


def test_the_fingerprint_is_of_the_validated_body_not_its_spelling(api, form):
    key = {"HTTP_IDEMPOTENCY_KEY": "formulier-2"}
    first = api.post(URL, form, format="json", **key)
    spelled_out = {**form, "desired_outcome": "", "happened_on": None, "website": ""}
    again = api.post(URL, dict(reversed(spelled_out.items())), format="json", **key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]
