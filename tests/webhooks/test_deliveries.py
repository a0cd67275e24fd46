"""Webhooks reach a real receiver on loopback: signed, only the events subscribed to, without
personal data unless allowed, and a receiver that was down gets each delivery later, once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.organisation.models import Role
from klachtwijs.webhooks.models import WebhookDelivery
from klachtwijs.webhooks.sending import deliveries_send_due, delivery_claim, delivery_send
from klachtwijs.webhooks.services import subscription_create
from tests.factories import FeedbackFactory, UserFactory, category
from tests.webhooks.receiver import verify

pytestmark = pytest.mark.django_db

PERSONAL = ("Fleur", "fleur@example.nl", "0612345678", "overdracht bij het ophalen")
LATER = dt.timedelta(hours=7)  # past any back-off


def subscribe(url: str, events: list[str], *, personal: bool = False):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    return subscription_create(
        name="Kwaliteitssysteem",
        url=url,
        events=events,
        may_carry_personal_data=personal,
        by=admin,
    )


def test_each_subscribed_event_arrives_signed_and_no_other(
    receiver, django_capture_on_commit_callbacks
):
    subscribed = ["receive", "register", "assign", "judge", "close"]
    _, secret = subscribe(receiver.url, subscribed)  # not "contact", which the walk also does
    with django_capture_on_commit_callbacks(execute=True):
        feedback = FeedbackFactory(closed=True)

    assert [r.event for r in receiver.requests] == subscribed
    sent = WebhookDelivery.objects.filter(feedback=feedback)
    assert set(sent.values_list("state", flat=True)) == {WebhookDelivery.State.SENT}
    for request in receiver.requests:
        assert verify(request, secret)
        assert not verify(request, "whsec_someone-else")
        body = request.json
        assert body["id"] == request.headers["X-Klachtwijs-Delivery"]
        assert body["event"] == request.event
        assert body["dossier"]["reference"] == feedback.reference
        assert body["personal_data"] is False
        for text in PERSONAL:  # no names, contact details or free text
            assert text not in request.body.decode()
    assert receiver.requests[-1].json["dossier"]["status"] == "closed"
    assert receiver.requests[-1].json["timeline"]["from_status"] == "answered"


def test_personal_data_only_where_the_subscription_allows_it(
    receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, ["receive"], personal=True)
    subscribe(receiver.url, ["receive"])
    with django_capture_on_commit_callbacks(execute=True):
        FeedbackFactory()

    bodies = {r.json["personal_data"]: r.body.decode() for r in receiver.requests}
    assert len(receiver.requests) == 2
    assert all(text in bodies[True] for text in ("Fleur de Vries", "fleur@example.nl"))
    assert not any(text in bodies[False] for text in PERSONAL)
    # What was sent with personal data is not kept after delivery; the log stays.
    kept = WebhookDelivery.objects.get(personal=True)
    assert (kept.state, kept.body, kept.last_status_code) == ("sent", "", 200)


def test_a_meldcode_dossier_sends_nothing(receiver, django_capture_on_commit_callbacks):
    subscribe(receiver.url, ["receive", "register"])
    with django_capture_on_commit_callbacks(execute=True):
        FeedbackFactory(suspected_abuse=True)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


@transaction.atomic
def _register_then_fail(feedback, officer) -> None:
    services.feedback_register(
        feedback_id=feedback.pk,
        by=officer,
        kind=feedback.kind,
        category=category(),
        location=feedback.location,
        service=feedback.service,
    )
    assert WebhookDelivery.objects.count() == 1
    raise RuntimeError("something after it failed")


def test_an_action_rolled_back_sends_nothing(receiver, officer, django_capture_on_commit_callbacks):
    """The delivery is written in the action's transaction: no action, no delivery."""
    subscribe(receiver.url, ["register"])
    feedback = FeedbackFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        _register_then_fail(feedback, officer)
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_a_receiver_that_was_down_gets_the_delivery_later_once(receiver_down):
    _, secret = subscribe(receiver_down.url, ["receive"])
    FeedbackFactory()
    delivery = WebhookDelivery.objects.get()

    assert delivery_send(delivery_id=delivery.pk) is False  # connection refused
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert "ConnectionRefused" in delivery.last_error or "URLError" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()  # backed off

    receiver_down.start()
    later = timezone.now() + LATER
    deliveries_send_due(now=later)
    deliveries_send_due(now=later)  # a second run, as a second worker would
    call_command("send_webhooks", verbosity=0)

    assert len(receiver_down.requests) == 1
    assert verify(receiver_down.requests[0], secret)
    assert receiver_down.requests[0].headers["X-Klachtwijs-Delivery"] == str(delivery.uuid)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("sent", 2, 200)


def test_a_delivery_claimed_by_one_worker_is_not_sent_by_another(receiver):
    subscribe(receiver.url, ["receive"])
    FeedbackFactory()
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()

    assert delivery_claim(delivery_id=delivery.pk, now=now)  # worker one, still sending
    assert delivery_send(delivery_id=delivery.pk, now=now) is None  # worker two
    assert receiver.requests == []
    # Worker one died: once its claim ran out another worker sends it, with the same id.
    assert delivery_send(delivery_id=delivery.pk, now=now + dt.timedelta(minutes=6)) is True
    assert [r.headers["X-Klachtwijs-Delivery"] for r in receiver.requests] == [str(delivery.uuid)]


def test_a_failing_receiver_is_retried_with_backoff_then_given_up(settings):
    from tests.webhooks.receiver import Receiver

    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "WEBHOOK_MAX_ATTEMPTS": 3}
    failing = Receiver(status=500).start()
    try:
        subscribe(failing.url, ["receive"])
        FeedbackFactory()
        delivery = WebhookDelivery.objects.get()
        now, waits = timezone.now(), []
        for _ in range(3):
            delivery_send(delivery_id=delivery.pk, now=now)
            delivery.refresh_from_db()
            waits.append(delivery.next_attempt_at - now)
            now = delivery.next_attempt_at
    finally:
        failing.stop()
    assert len(failing.requests) == 3
    assert waits[1] == 2 * waits[0]  # exponential
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == ("failed", 3, 500)
    assert delivery_send(delivery_id=delivery.pk, now=now + LATER) is None  # given up


def test_anonymising_a_dossier_drops_its_waiting_personal_deliveries(receiver_down):
    subscribe(receiver_down.url, ["receive"], personal=True)
    subscribe(receiver_down.url, ["receive"])
    feedback = FeedbackFactory()
    services.feedback_anonymise(feedback_id=feedback.pk)

    assert list(WebhookDelivery.objects.values_list("personal", flat=True)) == [False]
    receiver_down.start()
    deliveries_send_due(now=timezone.now() + LATER)
    assert [r.json["personal_data"] for r in receiver_down.requests] == [False]
