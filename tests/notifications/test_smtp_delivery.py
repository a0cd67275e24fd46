"""Mail over a real SMTP server on loopback: the acknowledgement arrives, exactly once."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from klachtwijs.feedback.models import Feedback
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.sending import outbox_send_due
from tests.factories import FeedbackFactory
from tests.intake.factories import form_data

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/status/\S+/")


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_acknowledgement_arrives_with_reference_and_working_link(client, location, smtp_server):
    client.post("/klantreactie/", form_data(location))
    feedback = Feedback.objects.get()

    report = outbox_send_due()

    assert report.sent == 1
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "fleur@example.nl"
    assert feedback.reference in message["Subject"]
    body = _body(message)
    assert f"Uw kenmerk is {feedback.reference}" in body
    assert "Geschillencommissie Kinderopvang" in body  # the routes of this service (Wko)
    path = LINK.search(body).group(0).split("127.0.0.1:8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert feedback.reference in page.content.decode()


def test_server_down_then_up_delivers_exactly_once(smtp_down):
    feedback = FeedbackFactory()
    message = OutboxMessage.objects.get(kind="acknowledgement")
    start = timezone.now()

    # Down: two runs, the second after the first retry is due; both fail, nothing is lost.
    assert outbox_send_due(now=start).failed == 1
    assert outbox_send_due(now=start + dt.timedelta(minutes=1)).failed == 1
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING
    assert message.attempts == 2
    assert message.next_attempt_at == start + dt.timedelta(minutes=1 + 2)
    assert "ConnectionRefusedError" in message.last_error

    smtp_down.start()
    later = start + dt.timedelta(hours=1)
    assert outbox_send_due(now=later).sent == 1
    assert outbox_send_due(now=later + dt.timedelta(hours=1)).sent == 0

    received = smtp_down.wait_for(1)
    assert len(received) == 1
    assert feedback.reference in received[0]["Subject"]
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert message.attempts == 3
    assert message.last_error == ""


def test_retry_waits_for_its_time(smtp_down):
    FeedbackFactory()
    start = timezone.now()
    outbox_send_due(now=start)
    smtp_down.start()
    # Not due yet: the back-off is respected even though the server is back.
    assert outbox_send_due(now=start + dt.timedelta(seconds=30)).sent == 0
    assert outbox_send_due(now=start + dt.timedelta(seconds=61)).sent == 1
    assert len(smtp_down.wait_for(1)) == 1
