"""Reads of the organisation's structure."""

import copy

from klachtwijs.core.cache import in_request, local_cached, version_replace
from klachtwijs.organisation.models import Organisation

ORGANISATION = "organisation:organisation"


def organisation_get() -> Organisation:
    """The one organisation (created by migration `0002_organisation_singleton`).

    In a request it comes from this process's memory until the organisation is saved
    (`organisation_changed`, after commit for the other workers, at once for this one), so a
    page or a submission reads it without a query; each caller gets its own copy to change."""
    if not in_request():
        return Organisation.objects.get()
    return copy.copy(local_cached(ORGANISATION, None, Organisation.objects.get))


def organisation_changed(**_kwargs) -> None:
    """Signal receiver (organisation/apps.py): the organisation was saved or deleted."""
    version_replace(ORGANISATION)
