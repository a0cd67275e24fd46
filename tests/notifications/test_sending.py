"""The outbox worker: claims, back-off, tasks and the command."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends

from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.sending import backoff, message_claim, message_send
from klachtwijs.notifications.services import message_queue
from klachtwijs.notifications.tasks import outbox_send

pytestmark = pytest.mark.django_db


def _message(**kwargs) -> OutboxMessage:
    return message_queue(
        kind="link_resend",
        to="ouder@example.nl",
        context={"feedback": {"reference": "2025-0001", "framework": "wko"}, "status_url": "x"},
        **kwargs,
    )


def test_two_workers_cannot_claim_the_same_message():
    message = _message()
    now = timezone.now()
    assert message_claim(message_id=message.pk, now=now) is True
    assert message_claim(message_id=message.pk, now=now) is False
    assert message_send(message_id=message.pk, now=now) is None
    assert mail.outbox == []


def test_claim_of_a_dead_worker_expires():
    message = _message()
    now = timezone.now()
    message_claim(message_id=message.pk, now=now)
    assert message_send(message_id=message.pk, now=now + dt.timedelta(minutes=4)) is None
    assert message_send(message_id=message.pk, now=now + dt.timedelta(minutes=6)) is True
    assert len(mail.outbox) == 1


def test_sent_message_is_never_sent_again():
    message = _message()
    assert message_send(message_id=message.pk) is True
    assert message_send(message_id=message.pk, now=timezone.now() + dt.timedelta(days=1)) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Uw link voor klantreactie 2025-0001"


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (5, 16), (9, 256), (10, 360), (30, 360)]
)
def test_backoff_doubles_up_to_six_hours(attempts, minutes):
    assert backoff(attempts) == dt.timedelta(minutes=minutes)


def test_queue_nudges_the_worker_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _message()
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert len(mail.outbox) == 1


def test_failed_task_enqueues_itself_for_the_retry(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_BACKEND = "tests.notifications.test_sending.BrokenBackend"
    message = _message()
    backend = task_backends["default"]
    backend.clear()

    outbox_send.call(message_id=message.pk)

    message.refresh_from_db()
    # The retry, and the check left behind by the claim (for a worker that dies mid-send).
    watch, retry = sorted(backend.results, key=lambda r: r.task.run_after, reverse=True)
    assert retry.kwargs == watch.kwargs == {"message_id": message.pk}
    assert retry.task.run_after == message.next_attempt_at
    assert watch.task.run_after > message.next_attempt_at
    assert message.state == OutboxMessage.State.PENDING


def test_send_outbox_command_sends_what_is_due():
    _message()
    _message()
    call_command("send_outbox")
    assert len(mail.outbox) == 2
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}


class BrokenBackend:
    """A mail backend whose server is always down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("down")
