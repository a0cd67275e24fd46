"""The retention term setting (LEGAL.md P2), read in one place: by the retention run
(`privacy.retention`) and by the privacy notice on the public form (`intake`), which sit in
layers that may not import each other."""

from django.conf import settings

DEFAULT_RETENTION_DAYS = 730


def retention_days() -> int:
    """Days after closing before a dossier is anonymised (`KLACHTWIJS_RETENTION_DAYS`)."""
    return int(getattr(settings, "KLACHTWIJS", {}).get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
