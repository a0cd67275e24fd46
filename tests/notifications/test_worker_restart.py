"""With the database task backend, a failed send waits as a deferred task in the database:
a worker started later (after a restart) sends the message, once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klachtwijs.notifications.models import OutboxMessage
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_restarted_worker_sends_the_waiting_message(settings, smtp_down):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    FeedbackFactory()  # after commit, message_queue enqueues the send task
    message = OutboxMessage.objects.get(kind="acknowledgement")
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    _worker()  # the mail server is down

    message.refresh_from_db()
    # The retry (and the claim's check for a dead worker, later: tests/notifications/
    # test_worker_crash.py).
    waiting = DBTaskResult.objects.get(status="READY", run_after=message.next_attempt_at)
    assert message.state == OutboxMessage.State.PENDING
    assert waiting.run_after == message.next_attempt_at
    assert waiting.task_result.kwargs == {"message_id": message.pk}

    smtp_down.start()
    past = timezone.now() - dt.timedelta(seconds=1)  # as if the retry time has come
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=past)
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=past)
    _worker()
    _worker()

    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert len(smtp_down.wait_for(1)) == 1
    # Left: only the claims' checks, which will find the message sent.
    assert not DBTaskResult.objects.filter(status="READY", run_after__lte=timezone.now()).exists()
