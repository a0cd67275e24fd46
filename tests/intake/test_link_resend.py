"""'Mail my link again': the same neutral answer whether or not the dossier exists."""

import pytest

from klachtwijs.notifications.models import OutboxMessage
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db
URL = "/status/link-opnieuw/"


def test_matching_reference_and_email_queue_a_fresh_link(client):
    feedback = FeedbackFactory()
    response = client.post(URL, {"reference": feedback.reference, "email": "FLEUR@example.nl"})

    assert response.status_code == 302
    assert response["Location"] == "/status/link-opnieuw/verstuurd/"
    message = OutboxMessage.objects.get(kind="link_resend")
    assert message.to == "fleur@example.nl"
    link = next(line for line in message.body_text.splitlines() if "/status/" in line)
    path = link.strip().split("127.0.0.1:8000", 1)[-1]
    assert feedback.reference in client.get(path).content.decode()


@pytest.mark.parametrize(
    ("reference", "email"),
    [("2099-9999", "fleur@example.nl"), (None, "iemand@example.nl")],
)
def test_no_match_gives_the_same_answer_and_sends_nothing(client, reference, email):
    feedback = FeedbackFactory()
    response = client.post(URL, {"reference": reference or feedback.reference, "email": email})
    assert response.status_code == 302
    assert response["Location"] == "/status/link-opnieuw/verstuurd/"
    assert not OutboxMessage.objects.filter(kind="link_resend").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Als het kenmerk en het e-mailadres bij elkaar horen" in page


def test_expired_dossier_gets_no_new_link(client, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "PRIVATE_LINK_DAYS_AFTER_CLOSING": -1}
    feedback = FeedbackFactory(closed=True)
    response = client.post(URL, {"reference": feedback.reference, "email": "fleur@example.nl"})
    assert response.status_code == 302
    assert not OutboxMessage.objects.filter(kind="link_resend").exists()


def test_form_errors_are_shown(client):
    response = client.post(URL, {"reference": "", "email": "geen-adres"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul uw kenmerk in." in page
    assert "Vul een geldig e-mailadres in" in page


def test_resend_is_rate_limited(client, settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "RATE_LIMITS": {"resend": (1, 600)}}
    data = {"reference": "2025-0001", "email": "a@example.nl"}
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 429
