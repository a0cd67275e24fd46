"""Writing webhook subscriptions and queueing deliveries. Sending lives in `sending.py`."""

import copy
import ipaddress
import json
import secrets
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.core.cache import local_cached, version_replace
from klachtwijs.organisation.models import User
from klachtwijs.webhooks import catalogue
from klachtwijs.webhooks.models import WebhookDelivery, WebhookSubscription

NEEDS_HTTPS = gettext_noop("Gebruik een adres dat met https:// begint.")
BAD_URL = gettext_noop("Vul een volledig webadres in, zoals https://ouderapp.example.nl/hook.")
NEEDS_EVENT = gettext_noop("Kies minstens één gebeurtenis.")
UNKNOWN_EVENT = gettext_noop("Onbekende gebeurtenis: %(event)s.")
NEEDS_NAME = gettext_noop("Geef de koppeling een naam.")
LOOPBACK_NAMES = frozenset({"localhost"})
# The version of the active subscriptions kept in each worker's memory (`deliveries_queue`):
# replaced when any subscription is saved or deleted (signals in webhooks/apps.py).
SUBSCRIPTIONS = "webhooks:subscriptions"


def subscriptions_changed(**_kwargs) -> None:
    """Signal receiver (webhooks/apps.py): a subscription was saved or deleted."""
    version_replace(SUBSCRIPTIONS)


def subscriptions_active() -> list[WebhookSubscription]:
    """The active subscriptions, read from this worker's memory until any subscription changes
    (here at once, in the other workers once the change commits: core/cache.py); copies, so
    a caller may attach them to deliveries."""
    active = local_cached(
        SUBSCRIPTIONS, "active", lambda: tuple(WebhookSubscription.objects.filter(is_active=True))
    )
    return [copy.copy(subscription) for subscription in active]


def secret_new() -> str:
    """A fresh signing key. It is shown once, when made; the page never shows it again."""
    return "whsec_" + secrets.token_urlsafe(32)


def _loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_errors(url: str) -> list[str]:
    """Why `url` cannot receive webhooks: https is required (the payload and its signature must
    not travel in the clear); plain http only to this machine when
    `KLACHTWIJS_WEBHOOK_ALLOW_LOOPBACK_HTTP` is on (development and tests)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [gettext(BAD_URL)]
    if parts.scheme == "http":
        allowed = settings.KLACHTWIJS["WEBHOOK_ALLOW_LOOPBACK_HTTP"] and _loopback(parts.hostname)
        if not allowed:
            return [gettext(NEEDS_HTTPS)]
    return []


def _check(*, name: str, url: str, events: Collection[str]) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [gettext(NEEDS_NAME)]
    if problems := url_errors(url):
        errors["url"] = problems
    if not events:
        errors["events"] = [gettext(NEEDS_EVENT)]
    unknown = [e for e in events if e not in catalogue.EVENTS]
    if unknown:
        errors["events"] = [gettext(UNKNOWN_EVENT) % {"event": unknown[0]}]
    if errors:
        raise ValidationError(errors)


def _ordered(events: Collection[str]) -> list[str]:
    return [e for e in catalogue.EVENTS if e in set(events)]


@transaction.atomic
def subscription_create(
    *,
    name: str,
    url: str,
    events: Collection[str],
    may_carry_personal_data: bool = False,
    is_active: bool = True,
    by: User,
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret (returned once, to show once)."""
    _check(name=name, url=url, events=events)
    secret = secret_new()
    subscription = WebhookSubscription.objects.create(
        name=name.strip(),
        url=url.strip(),
        events=_ordered(events),
        secret=secret,
        may_carry_personal_data=may_carry_personal_data,
        is_active=is_active,
        created_by=by,
    )
    return subscription, secret


@transaction.atomic
def subscription_update(
    *,
    subscription_id: int,
    name: str,
    url: str,
    events: Collection[str],
    may_carry_personal_data: bool,
    is_active: bool,
    by: User,
) -> WebhookSubscription:
    """Change a subscription. Deliveries already queued keep the body they were made with."""
    _check(name=name, url=url, events=events)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription_id)
    subscription.name, subscription.url = name.strip(), url.strip()
    subscription.events = _ordered(events)
    subscription.may_carry_personal_data = may_carry_personal_data
    subscription.is_active = is_active
    subscription.save()
    return subscription


@transaction.atomic
def subscription_secret_renew(*, subscription_id: int, by: User) -> str:
    """A new secret for the subscription (the old one stops working at once)."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription_id)
    subscription.secret = secret_new()
    subscription.save(update_fields=["secret"])
    return subscription.secret


def deliveries_queue(
    *,
    event: str,
    payload: Callable[[bool], Mapping[str, object]],
    feedback=None,
    at: datetime | None = None,
) -> list[WebhookDelivery]:
    """Queue `event` for every active subscription that wants it, in the caller's transaction.

    `payload(personal)` gives the body: with `personal` False only what identifies the dossier
    without naming anyone (the caller decides which fields those are); each subscription gets
    the variant it is allowed. The body is fixed now, so a retry sends the same bytes. After
    commit the worker is nudged; a lost nudge is picked up by the next run. The subscriptions
    come from memory (`subscriptions_active`): no query when none wants `event`.
    """
    wanting = [s for s in subscriptions_active() if s.wants(event)]
    if not wanting:
        return []
    at = at or timezone.now()
    variants: dict[bool, Mapping[str, object]] = {}
    deliveries = []
    for subscription in wanting:
        personal = subscription.may_carry_personal_data
        if personal not in variants:
            variants[personal] = payload(personal)
        delivery = WebhookDelivery(
            subscription=subscription,
            event=event,
            feedback=feedback,
            personal=personal,
            created_at=at,
            next_attempt_at=timezone.now(),
        )
        delivery.body = json.dumps(
            {"id": str(delivery.uuid), "event": event, **variants[personal]},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        deliveries.append(delivery)
    WebhookDelivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in deliveries if d.pk is not None]
    transaction.on_commit(lambda: _nudge(ids))
    return deliveries


def _nudge(ids: list[int]) -> None:
    from klachtwijs.webhooks.tasks import webhook_send

    if not ids:  # a backend that returns no keys from bulk_create: one sweep does them all
        webhook_send.enqueue()
    for delivery_id in ids:
        webhook_send.enqueue(delivery_id=delivery_id)


def deliveries_forget(*, feedback_id: int) -> int:
    """The dossier is anonymised (LEGAL.md P2): its deliveries that carry personal data go,
    so one still waiting never sends it afterwards. Those without personal data stay in the
    log. Returns how many went."""
    deleted, _ = WebhookDelivery.objects.filter(feedback_id=feedback_id, personal=True).delete()
    return deleted
