"""Sending the outbox: claim a row with a conditional UPDATE, send it, mark it sent or retry.

Two workers can run at once: only the one whose UPDATE changed the row sends it. A worker
that dies while sending leaves the row claimed until `claimed_until`; after that any worker
may claim it again. (A crash after the mail server accepted the message but before the row
was marked sent is the one case where a message can go out twice; it is never lost.)
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from klachtwijs.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=5)
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 1, 2, 4, 8 … minutes, at most six hours; never give up."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def _due(now: datetime) -> Q:
    state = OutboxMessage.State
    return Q(state=state.PENDING, next_attempt_at__lte=now) | Q(
        state=state.SENDING, claimed_until__lt=now
    )


def message_claim(*, message_id: int, now: datetime) -> bool:
    """Claim a due message for this worker; False if it is not due or another worker has it."""
    claimed = (
        OutboxMessage.objects.filter(_due(now), pk=message_id).update(
            state=OutboxMessage.State.SENDING,
            claimed_until=now + CLAIM_FOR,
            attempts=F("attempts") + 1,
        )
        == 1
    )
    return claimed


def message_attachments(message: OutboxMessage) -> list[tuple[str, bytes, str]]:
    """The files a message carries, as (filename, content, content type). A file that is not
    there raises, so the message is retried later instead of going out without it."""
    files = []
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            files.append((attachment.filename, handle.read(), attachment.content_type))
    return files


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[message.reply_to] if message.reply_to else None,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for filename, content, content_type in message_attachments(message):
        email.attach(filename, content, content_type)
    return email


def message_send(*, message_id: int, now: datetime | None = None) -> bool | None:
    """Send one message if it is due. True: sent; False: failed, retry scheduled; None: not
    claimed (not due, already sent, or another worker is sending it)."""
    now = now or timezone.now()
    if not message_claim(message_id=message_id, now=now):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    claimed = OutboxMessage.objects.filter(pk=message_id, state=OutboxMessage.State.SENDING)
    try:
        _email(message).send(fail_silently=False)
    except Exception as exc:  # any failure (network, refusal, file) means: try again later
        retry_at = now + backoff(message.attempts)
        claimed.update(
            state=OutboxMessage.State.PENDING,
            next_attempt_at=retry_at,
            claimed_until=None,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        logger.warning(
            "Outbox message %s not sent (attempt %s, %s); next try at %s",
            message_id,
            message.attempts,
            type(exc).__name__,
            retry_at.isoformat(),
        )
        return False
    claimed.update(
        state=OutboxMessage.State.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return True


def outbox_send_due(*, now: datetime | None = None, limit: int = 200) -> SendReport:
    """Send every message that is due now (oldest first), at most `limit` of them."""
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for message_id in ids:
        result = message_send(message_id=message_id, now=now)
        sent += result is True
        failed += result is False
    return SendReport(sent=sent, failed=failed)
