"""The parent's private link: a random token, stored only as its hash (STYLE.md §9)."""

import hashlib
import secrets

from django.conf import settings

from klachtwijs.feedback.models import Feedback, ParentLink


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_new(feedback: Feedback) -> str:
    """A fresh private link for this dossier's parent (absolute, based on SITE_URL).

    Call it inside the transaction that queues the mail carrying the link.
    """
    token = secrets.token_urlsafe(32)
    ParentLink.objects.create(feedback=feedback, token_hash=token_hash(token))
    return f"{settings.SITE_URL}/status/{token}/"


def dossier_url(feedback_id: int) -> str:
    """The absolute link to a dossier in the back office, for staff mail."""
    return f"{settings.SITE_URL}/staff/dossiers/{feedback_id}/"
