"""Reads of the organisation's structure."""

from klachtwijs.organisation.models import Organisation


def organisation_get() -> Organisation:
    """The one organisation (created by migration `0002_organisation_singleton`)."""
    return Organisation.objects.get()
