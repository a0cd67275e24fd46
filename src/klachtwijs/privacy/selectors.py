"""Reads of the access log for the quality lead's search page and its CSV export."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from klachtwijs.core.models import AccessLog
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log_search(
    *,
    viewer: User,
    username: str = "",
    reference: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLog]:
    """Log rows, newest first, matching every filter given (a reference finds its dossier).

    Never the rows of a dossier that exists but is kept from `viewer` (`access.feedback_visible`):
    who looked at a meldcode dossier would tell the employee it is about that there is one
    (LEGAL.md M2). Rows of ids that name no dossier (someone trying addresses) stay.
    """
    hidden = Feedback.objects.exclude(pk__in=access.feedback_visible(viewer).values("pk"))
    rows = AccessLog.objects.exclude(feedback_id__in=hidden.values("pk"))
    if username:
        rows = rows.filter(username__iexact=username.strip())
    if reference:
        ids = Feedback.objects.filter(reference=reference.strip()).values("pk")
        rows = rows.filter(feedback_id__in=ids)
    if action:
        rows = rows.filter(action=action)
    if date_from:
        rows = rows.filter(at__gte=_start(date_from))
    if date_to:
        rows = rows.filter(at__lt=_start(date_to + timedelta(days=1)))
    return rows.order_by("-at", "-pk")


def references_of(rows: list[AccessLog]) -> dict[int, str]:
    """Dossier id -> reference for the rows shown (one query however many rows)."""
    ids = {row.feedback_id for row in rows if row.feedback_id}
    return dict(Feedback.objects.filter(pk__in=ids).values_list("pk", "reference"))
