"""A simple rate limit per client address, counted in the database.

A fixed window: the first request of an address starts a counter that lives `window`
seconds. Good enough to stop a script flooding the form; not a defence against a botnet.
The address is `core.client.client_address`: REMOTE_ADDR, or behind a configured trusted proxy
the address it forwarded; a forwarding header that is not configured is ignored.

The count lives in a table of its own (`core.RateCount`), so every gunicorn worker counts the
same requests, and is raised by one statement (an upsert that returns the new count): one
query per request instead of the five to nine of Django's database cache (issue 18).
"""

import random
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from klachtwijs.core.client import client_address
from klachtwijs.core.models import RateCount

DEFAULTS = {"intake": (10, 600), "resend": (5, 600), "status": (20, 600)}
# About one request in this many also deletes the windows that have run out.
PURGE_ONE_IN = 500


def _limits(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "KLACHTWIJS", {}).get("RATE_LIMITS", {})
    return tuple(configured.get(scope, DEFAULTS[scope]))


def _count(key: str, *, now, window: int) -> int:
    """Count one request under `key`: 1 in a new (or run-out) window, else one more."""
    table = connection.ops.quote_name(RateCount._meta.db_table)
    sql = (
        f'INSERT INTO {table} ("key", "count", "expires") VALUES (%s, 1, %s) '  # noqa: S608
        f'ON CONFLICT ("key") DO UPDATE SET '
        f'"count" = CASE WHEN {table}."expires" <= %s THEN 1 ELSE {table}."count" + 1 END, '
        f'"expires" = CASE WHEN {table}."expires" <= %s THEN excluded."expires" '
        f'ELSE {table}."expires" END '
        f'RETURNING "count"'
    )
    expires = now + timedelta(seconds=window)
    params = [key, expires, now, now]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A count lost in a crash of the database server is harmless: no wait for the disk.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def rate_limited(request: HttpRequest, scope: str) -> bool:
    """Count this request; True when the address made more than the limit in the window."""
    limit, window = _limits(scope)
    now = timezone.now()
    key = f"{scope}:{client_address(request) or ''}"
    count = _count(key, now=now, window=window)
    if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - housekeeping, not security
        RateCount.objects.filter(expires__lt=now).delete()
    return count > limit
