"""Background work for the outbox (django-tasks; `klachtwijs db_worker` runs it).

`message_queue` enqueues `outbox_send` for the new message after commit. When the message
cannot be sent, the task enqueues itself again for the retry time (with a backend that can
defer, like the database backend, that task is a row in the database, so a restarted worker
still runs it). Messages whose task got lost are picked up by any later `outbox_send` run and
by `klachtwijs send_outbox` (run it from cron as a safety net).
"""

from django.utils import timezone
from django_tasks import task

from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.sending import message_send, outbox_send_due


@task()
def outbox_send(message_id: int | None = None) -> int:
    """Send `message_id` (if due) and every other due message; returns how many were sent."""
    sent = 0
    if message_id is not None:
        sent += message_send(message_id=message_id) is True
        _retry_later(message_id)
    return sent + outbox_send_due().sent


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
