"""The daily retention run as a background task (django-tasks has no scheduler: the task
enqueues itself again for the next day). Start it once with `klachtwijs apply_retention
--schedule`, or run `klachtwijs apply_retention` from cron instead."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from klachtwijs.privacy.retention import retention_apply

RUN_AT = time(3, 0)  # local time: a quiet hour


def next_run(now: datetime | None = None) -> datetime:
    """Tomorrow at RUN_AT, local time."""
    today = timezone.localdate(now or timezone.now())
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), RUN_AT))


def retention_schedule() -> bool:
    """Enqueue the next daily run unless one is waiting already; False if the backend cannot
    run tasks later (then use cron)."""
    backend = retention_daily.get_backend()
    if not backend.supports_defer:
        return False
    if _waiting():
        return True
    retention_daily.using(run_after=next_run()).enqueue()
    return True


def _waiting() -> bool:
    """A run is already planned (database backend: a READY row for this task)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=retention_daily.module_path
    ).exists()


@task()
def retention_daily() -> int:
    """Apply retention now, then plan tomorrow's run; returns how many were anonymised."""
    result = retention_apply()
    retention_schedule()
    return len(result.anonymised)
