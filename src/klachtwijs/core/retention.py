"""The retention term setting (LEGAL.md P2), read in one place: by the retention run
(`privacy.retention`) and by the privacy notice on the public form (`intake`), which sit in
layers that may not import each other.

Apps that keep personal data outside the dossier (the unmatched mail of `klachtwijs.mailin`)
register a purge here (`retention_purge_register`, from their AppConfig.ready); the retention
run (`privacy.retention.retention_apply`) runs them all (`retention_purges_run`), so the one
daily run covers them without importing them."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings

DEFAULT_RETENTION_DAYS = 730

_PURGES: dict[str, Callable[[datetime], int]] = {}


def retention_days() -> int:
    """Days after closing before a dossier is anonymised (`KLACHTWIJS_RETENTION_DAYS`)."""
    return int(getattr(settings, "KLACHTWIJS", {}).get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def retention_purge_register(name: str, purge: Callable[[datetime], int]) -> None:
    """Run `purge(now)` (returns how many it cleared) in every retention run."""
    _PURGES[name] = purge


def retention_purges_run(*, now: datetime) -> dict[str, int]:
    """Run every registered purge; how many each cleared, by name."""
    return {name: purge(now) for name, purge in sorted(_PURGES.items())}
