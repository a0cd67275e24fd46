"""Queueing mail. Sending (claim, send, retry) lives beside it in `sending.py`."""

from collections.abc import Iterable, Mapping

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from klachtwijs.notifications.models import OutboxMessage


def message_queue(
    *,
    kind: str,
    to: str,
    context: Mapping[str, object],
    feedback=None,
    attachment_ids: Iterable[int] = (),
) -> OutboxMessage:
    """Render the mail `kind` now and store it in the outbox, in the caller's transaction.

    The text is rendered when queued, so what was sent is what was decided at that moment.
    Templates: `notifications/mail/<kind>.subject.txt`, `.txt` and (optional) `.html`.
    """
    base = f"notifications/mail/{kind}"
    subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
    body_text = render_to_string(f"{base}.txt", context)
    try:
        body_html = render_to_string(f"{base}.html", context)
    except TemplateDoesNotExist:  # an HTML part is optional
        body_html = ""
    return OutboxMessage.objects.create(
        kind=kind,
        feedback=feedback,
        to=to,
        subject=subject[:250],
        body_text=body_text,
        body_html=body_html,
        attachment_ids=list(attachment_ids),
        next_attempt_at=timezone.now(),
    )
