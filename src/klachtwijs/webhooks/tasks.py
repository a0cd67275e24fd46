"""Background work for webhooks (django-tasks; `klachtwijs db_worker` runs it).

`deliveries_queue` enqueues `webhook_send` per delivery after commit. A failed delivery
enqueues the task again for its retry time (with a backend that can defer, like the database
backend); deliveries whose task got lost are picked up by any later run and by
`klachtwijs send_webhooks`.
"""

from django.utils import timezone
from django_tasks import task

from klachtwijs.webhooks.models import WebhookDelivery
from klachtwijs.webhooks.sending import deliveries_send_due, delivery_send


@task()
def webhook_send(delivery_id: int | None = None) -> int:
    """Send `delivery_id` (if due) and every other due delivery; returns how many arrived."""
    sent = 0
    if delivery_id is not None:
        sent += delivery_send(delivery_id=delivery_id) is True
        _retry_later(delivery_id)
    return sent + deliveries_send_due().sent


def _retry_later(delivery_id: int) -> None:
    backend = webhook_send.get_backend()
    if not backend.supports_defer:
        return
    retry_at = (
        WebhookDelivery.objects.filter(pk=delivery_id, state=WebhookDelivery.State.PENDING)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if retry_at is not None:
        webhook_send.using(run_after=max(retry_at, timezone.now())).enqueue(delivery_id=delivery_id)
