"""Reads for the public side: the places to choose from and the dossier behind a link."""

import copy
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from klachtwijs.core.cache import in_request, local_cached, version, version_replace
from klachtwijs.feedback.models import (
    Document,
    Event,
    Feedback,
    Judgment,
    Measure,
    ParentLink,
    Regulation,
)
from klachtwijs.feedback.tokens import measure_followup_url, token_hash
from klachtwijs.organisation.models import Location, Service
from klachtwijs.organisation.setup import setup_missing

DEFAULT_LINK_DAYS = 90


def places() -> list[Location]:
    """Active locations with their services (two queries, however many locations); in a
    request kept in this process's memory until a place changes (`places_changed`), so the
    form's POST reads none (issue 18). Each call gets its own copies."""
    if not in_request():
        return _places_read()
    return [copy.copy(location) for location in local_cached(PLACES, "places", _places_read)]


def _places_read() -> list[Location]:
    return list(
        Location.objects.filter(is_active=True).prefetch_related(
            Prefetch("services", queryset=Service.objects.order_by("name"))
        )
    )


def location_for_link(value: str) -> Location | None:
    """The active location a link names with `?locatie=`: its id or its name as a slug
    (`location_slug`, e.g. "de-regenboog"); None for anything else."""
    value = value.strip().lower()[:100]
    if not value:
        return None
    active = Location.objects.filter(is_active=True).prefetch_related("services")
    if value.isdigit():
        return active.filter(pk=int(value)).first()
    return next((loc for loc in active if location_slug(loc) == value), None)


def location_slug(location: Location) -> str:
    """A location's name as it appears in a link: "De Regenboog" -> "de-regenboog"."""
    return slugify(location.name)


PLACES = "intake:places"


def places_version() -> str:
    """Changes whenever a location, service or the organisation changes: the key of the cached
    blank form page."""
    return version(PLACES)


def places_changed(**_kwargs) -> None:
    """Signal receiver (intake/apps.py): the cached blank form page is stale."""
    version_replace(PLACES)


def intake_closed_because(*, today: date | None = None) -> list[str]:
    """Why the public doors take no klantreactie yet: the set-up items still missing
    (`organisation.setup.setup_missing`); empty when they are open. A complete set-up is
    remembered per version of the places (and per day, as a regulation can come into force),
    so the busiest page asks the database nothing extra; an incomplete one is asked anew."""
    today = today or timezone.localdate()
    return list(local_cached(PLACES, ("open", today), lambda: _closed_because(today), keep=_open))


def _open(missing: list[str]) -> bool:
    return not missing


def _closed_because(today: date) -> list[str]:
    key = f"intake:open:{places_version()}:{today.isoformat()}"
    if cache.get(key):
        return []
    missing = setup_missing(today=today)
    if not missing:
        cache.set(key, True, timeout=3600)
    return missing


def link_days_after_closing() -> int:
    product = getattr(settings, "KLACHTWIJS", {})
    return int(product.get("PRIVATE_LINK_DAYS_AFTER_CLOSING", DEFAULT_LINK_DAYS))


def link_is_expired(feedback: Feedback) -> bool:
    """The link stops working a configured number of days after closing; anonymised: at once."""
    if feedback.anonymised_at is not None:
        return True
    if feedback.closed_at is None:
        return False
    return timezone.now() > feedback.closed_at + timedelta(days=link_days_after_closing())


def feedback_for_token(*, token: str) -> Feedback | None:
    """The dossier behind a private link, or None if unknown, altered or expired.

    Only the token's SHA-256 is stored; looking up the hash means the token itself is never
    compared, so there is no timing to learn from.
    """
    if not token or len(token) > 100:
        return None
    link = (
        ParentLink.objects.select_related("feedback__location", "feedback__service")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None or link_is_expired(link.feedback):
        return None
    return link.feedback


def parent_events(feedback: Feedback) -> QuerySet[Event]:
    """The timeline entries the parent may read, oldest first."""
    return feedback.events.filter(visible_to_parent=True).order_by("at", "pk")


def parent_documents(feedback: Feedback) -> QuerySet[Document]:
    """Letters the parent may download (the acknowledgement, the judgment once sent)."""
    return feedback.documents.filter(visible_to_parent=True).order_by("created_at", "pk")


def parent_attachments(feedback: Feedback) -> QuerySet[Document]:
    """The files the parent sent with the form (name and size, for the confirmation)."""
    return feedback.documents.filter(kind=Document.Kind.ATTACHMENT).order_by("created_at", "pk")


def parent_downloads(feedback: Feedback) -> QuerySet[Document]:
    """Every file the parent may download through their link: the letters shared with them
    and the files they sent themselves (issue 16). Staff files are never among them."""
    return feedback.documents.filter(
        Q(visible_to_parent=True) | Q(kind=Document.Kind.ATTACHMENT, created_by__isnull=True)
    ).order_by("created_at", "pk")


def parent_story(feedback: Feedback) -> dict[str, object]:
    """Everything the status page tells, in a fixed number of queries however many messages,
    files, judgments or measures (issue 16): the messages both ways, the letters, the parent's
    own files, and each judgment with its measures (nothing of a meldcode dossier's route)."""
    documents = list(parent_downloads(feedback))
    judgments: list[Judgment] = []
    if not feedback.is_restricted:
        judgments = list(
            feedback.judgments.order_by("-decided_on", "-pk").prefetch_related(
                Prefetch("measures", queryset=Measure.objects.order_by("due_date", "pk"))
            )
        )
    for judgment in judgments:
        for measure in judgment.measures.all():
            # The "Is dit gebeurd?" page, once the parent has been asked about this measure.
            measure.followup_path = (
                urlsplit(measure_followup_url(measure.pk)).path if measure.parent_asked_at else ""
            )
    return {
        "events": list(parent_events(feedback)),
        "documents": [d for d in documents if d.visible_to_parent],
        "own_files": [d for d in documents if not d.visible_to_parent],
        "judgments": judgments,
    }


def feedback_for_resend(*, reference: str, email: str) -> Feedback | None:
    """The dossier whose reference and e-mail address both match, if its link still works."""
    feedback = (
        Feedback.objects.filter(reference=reference.strip(), submitter_email__iexact=email.strip())
        .exclude(submitter_email="")
        .first()
    )
    if feedback is None or link_is_expired(feedback):
        return None
    return feedback


def regulations_public(*, today: date) -> tuple[Regulation | None, list[Regulation]]:
    """The published complaints regulation in force today, and the earlier versions, each with
    the advice and consent it was published with (LEGAL.md H8)."""
    versions = list(
        Regulation.objects.filter(
            in_force_from__lte=today, published_at__isnull=False
        ).prefetch_related("advices")
    )
    return (versions[0], versions[1:]) if versions else (None, [])


def inspection_reports() -> list[Location]:
    """Active locations with the link to their latest GGD inspection report and its date
    (Wko 1.54 lid 2–3, LEGAL.md R7); one query."""
    return list(
        Location.objects.filter(is_active=True)
        .only("name", "city", "ggd_report_url", "ggd_report_published_on")
        .order_by("name")
    )
