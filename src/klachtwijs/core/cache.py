"""Versioned cache keys: cached pages and figures that stay exact.

A cached value is stored under a key that contains a version; a change replaces the version, so
every value cached before it is never read again (and expires by itself). The version is
replaced *after the change commits*: replaced earlier, a request running in between could cache
figures that miss the change under the new version (ADR 0006).

Two speed-ups keep this cheap on every page (issue 18):

- Within a request, the versions are read once, all together, in one cache read (the first
  `version()` call of the request reads every version this process has used so far). The
  shared cache is the database, so this is one query instead of one per version.
- `local_cached()` keeps read-mostly values (the organisation, the filter form's choices, the
  overview's counters) in this process's memory under their version: a page reads them with no
  query at all. The shared versions keep every worker exact: a change another worker commits
  replaces the version, and the next request here reads the new one. A change made in this
  process is seen at once, even before it commits (the process's own epoch of the name), so a
  page rendered right after a save in the same request shows the saved value.
"""

import threading
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

T = TypeVar("T")

# The versions read in this request (None outside a request: then every call reads the cache).
_request_versions: ContextVar[dict[str, str] | None] = ContextVar(
    "klachtwijs_cache_versions", default=None
)
_known: set[str] = set()  # every version name this process has used: read together
_epochs: dict[str, int] = {}  # bumped at once by a change in this process
_local: dict[tuple, object] = {}
_lock = threading.Lock()
LOCAL_MAX_ENTRIES = 5_000  # past this the process's copies are dropped and read again


def _key(name: str) -> str:
    return f"version:{name}"


def _request_begins(**_kwargs) -> None:
    _request_versions.set({})


def _request_ends(**_kwargs) -> None:
    _request_versions.set(None)


request_started.connect(_request_begins, dispatch_uid="klachtwijs-cache-versions-begin")
request_finished.connect(_request_ends, dispatch_uid="klachtwijs-cache-versions-end")


def version(name: str) -> str:
    """The current version of `name`, made on first use; in a request read once, together
    with every other version this process uses."""
    memo = _request_versions.get()
    if memo is not None and name in memo:
        return memo[name]
    _known.add(name)
    if memo is not None:
        found = cache.get_many([_key(n) for n in _known if n not in memo])
        for n in _known:
            if _key(n) in found:
                memo[n] = found[_key(n)]
        if name in memo:
            return memo[name]
    value = cache.get_or_set(_key(name), lambda: uuid.uuid4().hex, timeout=None)
    if memo is not None:
        memo[name] = value
    return value


def _forget(name: str) -> None:
    memo = _request_versions.get()
    if memo is not None:
        memo.pop(name, None)


def version_replace(name: str) -> None:
    """Everything cached under the current version of `name` is stale once this commits.

    This process's own copies (`local_cached`) are dropped at once as well, so the request
    that made the change, and a test that never commits, read the new value."""
    with _lock:
        _epochs[name] = _epochs.get(name, 0) + 1
    _forget(name)

    def replace() -> None:
        cache.delete(_key(name))
        _forget(name)

    transaction.on_commit(replace)


def local_cached(
    name: str, key: object, compute: Callable[[], T], *, keep: Callable[[T], bool] | None = None
) -> T:
    """`compute()`, kept in this process's memory until the version of `name` changes
    (only when `keep(value)` says so, if given).

    For small read-mostly values only; the caller gets the same object every time, so it must
    not change it (hand out copies where a caller might)."""
    full = (name, version(name), _epochs.get(name, 0), key)
    try:
        return _local[full]  # type: ignore[return-value]
    except KeyError:
        pass
    value = compute()
    if keep is not None and not keep(value):
        return value
    with _lock:
        if len(_local) >= LOCAL_MAX_ENTRIES:
            _local.clear()
        _local[full] = value
    return value


def in_request() -> bool:
    """Is a request being answered (then versions are read once per request)?"""
    return _request_versions.get() is not None
