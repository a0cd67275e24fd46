"""Background work for the outbox (django-tasks; `klachtwijs db_worker` runs it).

`message_queue` enqueues `outbox_send` for the new message after commit (or leaves it to the
caller's own task, `messages_send`, inside `services.nudges_held`). When the message
cannot be sent, the task enqueues itself again for the retry time (with a backend that can
defer, like the database backend, that task is a row in the database, so a restarted worker
still runs it).

A worker that dies while sending leaves the message claimed. So every claim first leaves a
deferred `outbox_send` for the moment the claim runs out (`watch_claim`): if the message was
sent by then, that task finds nothing to do; if the worker died, the next worker that runs it
takes the message over and sends it, with the same Message-ID. No cron is needed for this;
`klachtwijs send_outbox` stays as a manual tool.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.sending import message_send, outbox_send_due


@task()
def outbox_send(message_id: int | None = None) -> int:
    """Send `message_id` (if due) and every other due message; returns how many were sent."""
    return messages_send([] if message_id is None else [message_id])


def messages_send(message_ids: Iterable[int]) -> int:
    """What `outbox_send` does, for several messages: each one (if due), a failed one enqueued
    again for its retry time, then every other due message; returns how many were sent. For a
    task that sends the mails of its commit with its own work (`services.nudges_held`)."""
    sent = 0
    for message_id in message_ids:
        result = message_send(message_id=message_id, on_claimed=watch_claim)
        sent += result is True
        if result is False:  # this try failed: come back at the retry time
            _retry_later(message_id)
    return sent + outbox_send_due(on_claimed=watch_claim).sent


# The check runs this long after the claim ran out, so the claim is surely stale by then.
WATCH_MARGIN = timedelta(seconds=1)


def watch_claim(message_id: int, claimed_until: datetime) -> None:
    """Leave a deferred send behind for when this claim runs out: the sweep that picks the
    message up again should this worker die while sending (issue 15)."""
    if outbox_send.get_backend().supports_defer:
        outbox_send.using(run_after=claimed_until + WATCH_MARGIN).enqueue(message_id=message_id)


def _retry_later(message_id: int) -> None:
    """Enqueue this task again for the message's next attempt, if it still waits."""
    backend = outbox_send.get_backend()
    if not backend.supports_defer:
        return
    retry_at = (
        OutboxMessage.objects.filter(pk=message_id, state=OutboxMessage.State.PENDING)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry_at is not None:
        run_after = max(retry_at, timezone.now())
        outbox_send.using(run_after=run_after).enqueue(message_id=message_id)
