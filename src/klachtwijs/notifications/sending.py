"""Sending the outbox: claim a row with a conditional UPDATE, send it, mark it sent or retry.

Two workers can run at once: only the one whose UPDATE changed the row sends it. A worker
that dies while sending leaves the row claimed until `claimed_until`; after that any worker
may claim it again; the worker's tasks make sure one does (tasks.py: every claim leaves a
deferred check behind for the moment the claim runs out). (A crash after the mail server
accepted the message but before the row was marked sent is the one case where a message can go
out twice; it is never lost, and both copies carry the row's one `Message-ID`, so the
receiving side can recognise the second as the same mail.)
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.db.models import F, Q
from django.utils import timezone

from klachtwijs.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

# How long a claim holds when the setting KLACHTWIJS["MAIL_CLAIM_SECONDS"] is not set; it must
# be well above EMAIL_TIMEOUT (one send may wait that long on each SMTP command).
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


def claim_for() -> timedelta:
    """How long a claim holds before another worker may take the message over."""
    seconds = settings.KLACHTWIJS.get("MAIL_CLAIM_SECONDS")
    return timedelta(seconds=seconds) if seconds else CLAIM_FOR


def message_id_domain() -> str:
    """The domain in our Message-IDs: the sender's, else the site's host."""
    sender = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ")
    return sender or "klachtwijs.invalid"


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
            claimed_until=now + claim_for(),
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
        headers={"Message-ID": message.message_id},
        reply_to=[message.reply_to] if message.reply_to else None,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for filename, content, content_type in message_attachments(message):
        email.attach(filename, content, content_type)
    return email


def _stable_message_id(message: OutboxMessage) -> None:
    """Give the message its one Message-ID before the first try; every retry reuses it."""
    if not message.message_id:
        message.message_id = make_msgid(domain=message_id_domain())
        OutboxMessage.objects.filter(pk=message.pk, message_id="").update(
            message_id=message.message_id
        )
        message.refresh_from_db(fields=["message_id"])


OnClaimed = Callable[[int, datetime], None]


def message_send(
    *, message_id: int, now: datetime | None = None, on_claimed: OnClaimed | None = None
) -> bool | None:
    """Send one message if it is due. True: sent; False: failed, retry scheduled; None: not
    claimed (not due, already sent, or another worker is sending it). `on_claimed(message_id,
    claimed_until)` runs right after the claim, before the mail server is contacted."""
    now = now or timezone.now()
    if not message_claim(message_id=message_id, now=now):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    if on_claimed is not None:
        on_claimed(message_id, message.claimed_until)
    _stable_message_id(message)
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


def outbox_send_due(
    *, now: datetime | None = None, limit: int = 200, on_claimed: OnClaimed | None = None
) -> SendReport:
    """Send every message that is due now (oldest first), at most `limit` of them."""
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for message_id in ids:
        result = message_send(message_id=message_id, now=now, on_claimed=on_claimed)
        sent += result is True
        failed += result is False
    return SendReport(sent=sent, failed=failed)
