"""Versioned cache keys: cached pages and figures that stay exact.

A cached value is stored under a key that contains a version; a change replaces the version, so
every value cached before it is never read again (and expires by itself). The version is
replaced *after the change commits*: replaced earlier, a request running in between could cache
figures that miss the change under the new version (ADR 0006).
"""

import uuid

from django.core.cache import cache
from django.db import transaction


def version(name: str) -> str:
    """The current version of `name`, made on first use."""
    return cache.get_or_set(f"version:{name}", lambda: uuid.uuid4().hex, timeout=None)


def version_replace(name: str) -> None:
    """Everything cached under the current version of `name` is stale once this commits."""
    transaction.on_commit(lambda: cache.delete(f"version:{name}"))
