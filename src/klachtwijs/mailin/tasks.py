"""Reading the reply mailbox as a background task (`klachtwijs db_worker` runs it): it runs
`imap.mailbox_fetch` and enqueues itself again `KLACHTWIJS_IMAP_EVERY_MINUTES` later (the
task backend has no scheduler). Start it once with `klachtwijs fetch_mail --schedule`, or run
`klachtwijs fetch_mail` from cron instead."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from klachtwijs.mailin.imap import MailboxNotConfigured, mailbox_fetch


def every() -> timedelta:
    minutes = int(getattr(settings, "KLACHTWIJS", {}).get("IMAP_EVERY_MINUTES", 5))
    return timedelta(minutes=max(minutes, 1))


def fetch_mail_schedule() -> bool:
    """Enqueue the next run unless one is waiting already; False if the backend cannot run
    tasks later (then use cron)."""
    backend = fetch_mail.get_backend()
    if not backend.supports_defer:
        return False
    if _waiting():
        return True
    fetch_mail.using(run_after=timezone.now() + every()).enqueue()
    return True


def _waiting() -> bool:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=fetch_mail.module_path
    ).exists()


@task()
def fetch_mail() -> int:
    """Read the mailbox now, then plan the next run; returns how many mails were read. A
    mailbox that cannot be reached is tried again at the next run (the error is raised, so
    the worker records it)."""
    try:
        return mailbox_fetch().read
    except MailboxNotConfigured:
        return 0
    finally:
        fetch_mail_schedule()
