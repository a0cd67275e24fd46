"""Health and readiness checks, for the container health checks and for monitoring.

Each check is cheap (a few indexed queries), needs no sign-in and tells nothing about a dossier
or a person: only states, counts and ages in seconds. `/health/live` says the process answers;
`/health/ready` runs every check below and is ready only when each one is.

- database: the database answers a query;
- migrations: no migration of the installed code is unapplied (checked once per process until
  all are applied: code does not change in a running process);
- worker: no background task has waited longer than `HEALTH_WORKER_MINUTES` unless the worker
  took one within that time (an idle queue with nothing waiting is healthy: there was nothing
  to take; the last start is reported all the same);
- mail: the oldest mail not yet sent (the outbox) is younger than `HEALTH_MAIL_MINUTES`.

The outbox is named through `apps.get_model`, so this layer imports nothing from the apps above
it (ADR 0007).
"""

from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max, Min
from django.utils import timezone

DEFAULT_WORKER_MINUTES = 15
DEFAULT_MAIL_MINUTES = 60

_migrations_applied = False


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: dict[str, object] = field(default_factory=dict)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, "KLACHTWIJS", {}).get(name, default))


def _age(now: datetime, moment: datetime | None) -> int | None:
    return None if moment is None else max(int((now - moment).total_seconds()), 0)


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check(False, {"error": type(exc).__name__})
    return Check(True)


def check_migrations() -> Check:
    global _migrations_applied  # noqa: PLW0603 - a per-process memo, see the module docstring
    if _migrations_applied:
        return Check(True, {"unapplied": 0})
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_applied = not plan
    return Check(not plan, {"unapplied": len(plan)})


def check_worker(now: datetime) -> Check:
    """Has the worker taken a task recently, whenever one was waiting (django-tasks-db)?"""
    from django_tasks_db.models import DBTaskResult, get_date_max

    limit = _setting("HEALTH_WORKER_MINUTES", DEFAULT_WORKER_MINUTES)
    ready = DBTaskResult.objects.ready()
    # A task without run_after waits since it was enqueued; a deferred one since it fell due.
    waiting_since = [
        ready.filter(run_after=get_date_max()).aggregate(t=Min("enqueued_at"))["t"],
        ready.exclude(run_after=get_date_max()).aggregate(t=Min("run_after"))["t"],
    ]
    waiting = min((t for t in waiting_since if t is not None), default=None)
    started = DBTaskResult.objects.aggregate(t=Max("started_at"))["t"]
    waited, since_start = _age(now, waiting), _age(now, started)
    limit_seconds = limit * 60
    ok = (
        waited is None
        or waited <= limit_seconds
        or (since_start is not None and since_start <= limit_seconds)
    )
    return Check(
        ok,
        {
            "oldest_waiting_seconds": waited,
            "last_started_seconds_ago": since_start,
            "limit_seconds": limit_seconds,
        },
    )


def check_mail(now: datetime) -> Check:
    """How long the oldest mail not yet sent has been in the outbox."""
    outbox = apps.get_model("notifications", "OutboxMessage")
    limit_seconds = _setting("HEALTH_MAIL_MINUTES", DEFAULT_MAIL_MINUTES) * 60
    unsent = outbox.objects.filter(state__in=[outbox.State.PENDING, outbox.State.SENDING])
    oldest = unsent.aggregate(t=Min("created_at"))["t"]
    age = _age(now, oldest)
    return Check(
        age is None or age <= limit_seconds,
        {"oldest_unsent_seconds": age, "limit_seconds": limit_seconds},
    )


def readiness(now: datetime | None = None) -> dict[str, Check]:
    """Every check by name. Without a database the others are not tried (they would fail for
    that one reason) and are reported as not ok."""
    now = now or timezone.now()
    database = check_database()
    if not database.ok:
        skipped = Check(False, {"skipped": "database"})
        return {"database": database, "migrations": skipped, "worker": skipped, "mail": skipped}
    checks = {"database": database}
    for name, run in (
        ("migrations", check_migrations),
        ("worker", lambda: check_worker(now)),
        ("mail", lambda: check_mail(now)),
    ):
        try:
            checks[name] = run()
        except DatabaseError as exc:  # e.g. a table that a missing migration would make
            checks[name] = Check(False, {"error": type(exc).__name__})
    return checks


def as_json(checks: dict[str, Check]) -> dict[str, object]:
    return {
        "ready": all(c.ok for c in checks.values()),
        "checks": {name: asdict(check) for name, check in checks.items()},
    }
