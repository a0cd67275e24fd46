"""With the database task backend (production's), the worker sends a delivery after commit;
one that failed waits as a deferred task, and a later worker run delivers it, once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klachtwijs.webhooks.models import WebhookDelivery
from tests.factories import FeedbackFactory, WebhookSubscriptionFactory
from tests.webhooks.receiver import verify

pytestmark = pytest.mark.django_db(transaction=True)


def _worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_the_worker_delivers_once_the_receiver_is_back(settings, receiver_down):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    WebhookSubscriptionFactory(url=receiver_down.url, events=["receive"], secret="whsec_w")
    FeedbackFactory()  # after commit: the delivery's task is queued
    delivery = WebhookDelivery.objects.get()
    hooks = DBTaskResult.objects.filter(task_path__endswith="webhook_send")
    assert hooks.filter(status="READY").count() == 1

    _worker()  # nobody listens yet

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    waiting = hooks.get(status="READY")
    assert waiting.run_after == delivery.next_attempt_at

    receiver_down.start()
    past = timezone.now() - dt.timedelta(seconds=1)  # as if the retry time has come
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=past)
    hooks.filter(pk=waiting.pk).update(run_after=past)
    _worker()
    _worker()

    assert len(receiver_down.requests) == 1
    assert verify(receiver_down.requests[0], "whsec_w")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 2)
    assert not hooks.filter(status="READY").exists()
