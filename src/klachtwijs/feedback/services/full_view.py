"""Granting a manager one dossier in full (issue 17: management sees patterns, not people)."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback.models import Event, FullViewGrant
from klachtwijs.feedback.services._base import _event, _lock, _now
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User

NOT_A_CANDIDATE = gettext_noop("Kies een medewerker van het management die dit dossier mag zien.")
NEEDS_REASON = gettext_noop("Schrijf op waarom deze medewerker het hele dossier nodig heeft.")


@transaction.atomic
def full_view_grant(
    *, feedback_id: int, user_id: int, by: User, reason: str, at: datetime | None = None
) -> FullViewGrant:
    """Let a manager read this dossier in full for `access.FULL_VIEW_DAYS` days.

    Only the quality lead grants (`access.ACTIONS["full_view_grant"]`), only to someone in
    `access.full_view_candidates`, and only with a reason; an internal timeline line says who got
    it (no reason text there: it may name people), the access log has the request.
    """
    access.require(by, "full_view_grant")
    at = _now(at)
    feedback = _lock(feedback_id)
    errors = {}
    user = access.full_view_candidates(feedback).filter(pk=user_id).first()
    if user is None:
        errors["user"] = gettext(NOT_A_CANDIDATE)
    if not reason.strip():
        errors["reason"] = gettext(NEEDS_REASON)
    if errors:
        raise ValidationError(errors)
    until = timezone.localdate(at) + timedelta(days=access.FULL_VIEW_DAYS)
    grant = FullViewGrant.objects.create(
        feedback=feedback,
        user=user,
        granted_by=by,
        reason=reason.strip(),
        granted_at=at,
        until=until,
    )
    text = f"Volledige inzage gegeven aan {user} tot en met {until:%d-%m-%Y}."
    _event(feedback, Event.Kind.CHANGED, by=by, at=at, text=text)
    return grant
