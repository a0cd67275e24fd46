"""The parent's private link: a random token, stored only as its hash (STYLE.md §9)."""

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone

from klachtwijs.feedback.models import Feedback, ParentLink


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_new(feedback: Feedback, *, at: datetime | None = None) -> str:
    """A fresh private link for this dossier's parent (absolute, based on SITE_URL).

    Call it inside the transaction that queues the mail carrying the link; `at` dates it with
    that mail (its validity is counted from the dossier's closing, not from this date).
    """
    token = secrets.token_urlsafe(32)
    ParentLink.objects.create(
        feedback=feedback, token_hash=token_hash(token), created_at=at or timezone.now()
    )
    return f"{settings.SITE_URL}/status/{token}/"


def dossier_url(feedback_id: int) -> str:
    """The absolute link to a dossier in the back office, for staff mail."""
    return f"{settings.SITE_URL}/staff/dossiers/{feedback_id}/"


# The parent's "Is dit gebeurd?" link about one measure (issue 16): signed, not stored.
FOLLOWUP_SALT = "klachtwijs.feedback.measure-followup"
FOLLOWUP_MAX_AGE = 180 * 24 * 60 * 60  # half a year


def measure_followup_url(measure_id: int) -> str:
    """The absolute, signed link to the follow-up question about one measure."""
    signed = signing.dumps(measure_id, salt=FOLLOWUP_SALT)
    return f"{settings.SITE_URL}/status/maatregel/{signed}/"


def measure_followup_id(signed: str) -> int | None:
    """The measure behind a follow-up link; None when altered or older than half a year."""
    try:
        value = signing.loads(signed, salt=FOLLOWUP_SALT, max_age=FOLLOWUP_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return value if isinstance(value, int) else None
