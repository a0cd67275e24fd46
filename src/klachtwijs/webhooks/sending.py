"""Sending webhook deliveries: claim a row with a conditional UPDATE, sign, POST, then mark it
delivered, schedule a retry with exponential back-off, or give up after the last attempt.

Two workers can run at once: only the one whose UPDATE changed the row sends it, so a delivery
is never sent twice by two workers. A worker that dies while sending leaves the row claimed
until `claimed_until`; after that any worker may claim it again and the receiver sees the same
`X-Klachtwijs-Delivery` id, so it can tell a repeat from a new event.
"""

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from klachtwijs.webhooks.models import WebhookDelivery

logger = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=5)  # at least; see _claim_for
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
SIGNATURE_HEADER = "X-Klachtwijs-Signature"
EVENT_HEADER = "X-Klachtwijs-Event"
DELIVERY_HEADER = "X-Klachtwijs-Delivery"
USER_AGENT = "Klachtwijs-Webhooks/1"


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes, at most six hours."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>" with the subscription's secret, in hex. Signing the
    moment too lets a receiver refuse an old message replayed (docs/webhooks.md)."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _due(now: datetime) -> Q:
    state = WebhookDelivery.State
    return Q(state=state.PENDING, next_attempt_at__lte=now) | Q(
        state=state.SENDING, claimed_until__lt=now
    )


def _claim_for() -> timedelta:
    """How long a claim holds: well past the timeout, so a live sender never loses it."""
    return max(CLAIM_FOR, 3 * timedelta(seconds=settings.KLACHTWIJS["WEBHOOK_TIMEOUT"]))


def delivery_claim(*, delivery_id: int, now: datetime) -> bool:
    """Claim a due delivery for this worker; False if it is not due or another worker has it."""
    return (
        WebhookDelivery.objects.filter(_due(now), pk=delivery_id).update(
            state=WebhookDelivery.State.SENDING,
            claimed_until=now + _claim_for(),
            attempts=F("attempts") + 1,
        )
        == 1
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new address: it could lead the signed body elsewhere."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _post(delivery: WebhookDelivery, *, timestamp: int) -> int:
    """POST the delivery; the HTTP status code, or an exception for a network failure."""
    body = delivery.body.encode()
    sig = signature(secret=delivery.subscription.secret, timestamp=timestamp, body=body)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked: url_errors)
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: f"t={timestamp},v1={sig}",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.uuid),
        },
    )
    timeout = settings.KLACHTWIJS["WEBHOOK_TIMEOUT"]
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(1024)
            return response.status
    except urllib.error.HTTPError as exc:  # an answer, just not a 2xx one
        return exc.code


def _finish(delivery: WebhookDelivery, **fields: object) -> None:
    """Write the outcome, but only while this worker still holds the claim."""
    done = fields.get("state") in (WebhookDelivery.State.SENT, WebhookDelivery.State.FAILED)
    if done and delivery.personal:  # personal data is kept no longer than needed to deliver it
        fields["body"] = ""
    WebhookDelivery.objects.filter(pk=delivery.pk, state=WebhookDelivery.State.SENDING).update(
        claimed_until=None, **fields
    )


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> bool | None:
    """Send one delivery if it is due. True: delivered (a 2xx answer); False: failed, retry
    scheduled or given up; None: not claimed (not due, done, or another worker has it)."""
    now = now or timezone.now()
    if not delivery_claim(delivery_id=delivery_id, now=now):
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    code = None
    try:
        code = _post(delivery, timestamp=int(time.time()))
        error = "" if 200 <= code < 300 else f"HTTP {code}"
    except Exception as exc:  # network, timeout, TLS: all mean "try again later"  # noqa: BLE001
        error = f"{type(exc).__name__}: {exc}"[:500]
    if not error:
        _finish(
            delivery,
            state=WebhookDelivery.State.SENT,
            sent_at=timezone.now(),
            last_status_code=code,
            last_error="",
        )
        return True
    if delivery.attempts >= settings.KLACHTWIJS["WEBHOOK_MAX_ATTEMPTS"]:
        _finish(
            delivery, state=WebhookDelivery.State.FAILED, last_status_code=code, last_error=error
        )
        logger.warning(
            "Webhook delivery %s given up after %s attempts", delivery_id, delivery.attempts
        )
        return False
    retry_at = now + backoff(delivery.attempts)
    _finish(
        delivery,
        state=WebhookDelivery.State.PENDING,
        next_attempt_at=retry_at,
        last_status_code=code,
        last_error=error,
    )
    logger.warning(
        "Webhook delivery %s failed (attempt %s, %s); next try at %s",
        delivery_id,
        delivery.attempts,
        error.split(":")[0],
        retry_at.isoformat(),
    )
    return False


def deliveries_send_due(*, now: datetime | None = None, limit: int = 200) -> SendReport:
    """Send every delivery that is due now (oldest first), at most `limit` of them."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for delivery_id in ids:
        result = delivery_send(delivery_id=delivery_id, now=now)
        sent += result is True
        failed += result is False
    return SendReport(sent=sent, failed=failed)
