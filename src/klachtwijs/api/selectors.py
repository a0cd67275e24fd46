"""Reads for the API. Every dossier read starts from `access.feedback_visible`."""

from django.db.models import Prefetch, QuerySet

from klachtwijs.feedback.models import Event, Feedback, Situation
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User

FILTERS = {
    "status": "status",
    "kind": "kind",
    "location": "location_id",
    "region": "location__region_id",
    "service": "service_id",
    "category": "category_id",
    "framework": "framework",
    "year": "received_at__year",
}


def feedback_list(*, user: User, filters: dict) -> QuerySet[Feedback]:
    """The dossiers the user may see, filtered; newest first."""
    lookups = {FILTERS[name]: value for name, value in filters.items() if name in FILTERS}
    return access.feedback_visible(user).filter(**lookups).order_by("-received_at", "-pk")


def feedback_detail_queryset(*, user: User) -> QuerySet[Feedback]:
    return access.feedback_visible(user).prefetch_related("judgments")


def events_of(*, feedback: Feedback) -> QuerySet[Event]:
    return feedback.events.order_by("at", "pk")


def situations_visible(*, user: User) -> QuerySet[Situation]:
    """Situations with at least one dossier the user may see; only those dossiers listed."""
    visible = access.feedback_visible(user)
    ids = visible.filter(situation__isnull=False).values("situation_id")
    return (
        Situation.objects.filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "feedback",
                queryset=Feedback.objects.filter(pk__in=visible.values("pk")).only(
                    "pk", "situation_id"
                ),
                to_attr="visible_feedback",
            )
        )
        .order_by("-created_at", "-pk")
    )
