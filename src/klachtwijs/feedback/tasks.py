"""Background tasks of the dossier app. A task only fetches and calls a service (STYLE.md §7).

django-tasks has no scheduler: `reminders_daily` queues its own next run for tomorrow morning
(`run_after`) on back-ends that can defer. Cron running `klachtwijs send_reminders` works too;
the reminders are idempotent per day, so both together mail nobody twice.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from klachtwijs.feedback.reminders import reminders_send

RUN_AT = time(7, 0)  # local time: before the working day starts


def next_run(now: datetime) -> datetime:
    """Tomorrow at RUN_AT, local time."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, RUN_AT))


def schedule_next(*, now: datetime) -> bool:
    """Queue tomorrow's run; False when the back-end cannot defer (tests, immediate)."""
    if not reminders_daily.get_backend().supports_defer:
        return False
    reminders_daily.using(run_after=next_run(now)).enqueue()
    return True


@task()
def reminders_daily() -> int:
    """Send today's reminders, then queue tomorrow's run."""
    queued = reminders_send(today=timezone.localdate())
    schedule_next(now=timezone.now())
    return queued
