"""`klachtwijs scheduler [--once]`: the daily jobs, in a process of their own (the container
stack's `scheduler` service; the cron of the README in one command).

The jobs are the commands the README tells cron to run: `send_reminders`, `report_reminders`
and `apply_retention`. Each is idempotent per day (nobody is mailed twice on one day, an
anonymised dossier stays so), so the scheduler runs them when it starts, catching up a day
missed while it was down, and then every day at `KLACHTWIJS_DAILY_AT` (local time, default
06:00). One job failing does not stop the others; it is logged and tried again the next day.
The jobs are named, not imported: this layer may not import the apps above it (ADR 0007).
"""

import logging
import signal
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import default_task_backend

logger = logging.getLogger(__name__)

DAILY_COMMANDS = ("send_reminders", "report_reminders", "apply_retention", "pattern_digest")
# Tasks that re-plan themselves in the worker (every 15 minutes, every few minutes): the
# scheduler makes sure one is planned, at start and every day, so no cron line can be
# forgotten. Each `--schedule` plans nothing when one is already waiting. The mailbox only
# when one is configured (`KLACHTWIJS_IMAP_HOST`).
RECURRING = (
    ("purge_uploads", lambda: True),
    ("fetch_mail", lambda: bool(getattr(settings, "KLACHTWIJS", {}).get("IMAP_HOST"))),
)
NAP = 60  # seconds; the wait is cut into naps so a stop signal is never waited out


def daily_at() -> clock:
    raw = str(getattr(settings, "KLACHTWIJS", {}).get("DAILY_AT", "06:00"))
    try:
        return clock.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"KLACHTWIJS_DAILY_AT moet een tijd zijn (UU:MM), niet {raw!r}."
        ) from None


def next_run(now: datetime, at: clock) -> datetime:
    """The first moment at `at` local time after `now`."""
    today = timezone.localdate(now)
    moment = timezone.make_aware(datetime.combine(today, at))
    return (
        moment
        if moment > now
        else timezone.make_aware(datetime.combine(today + timedelta(days=1), at))
    )


class Command(BaseCommand):
    help = (
        "Draai elke dag de dagelijkse taken (herinneringen, herinneringen jaarverslag, "
        "bewaartermijn): bij het starten en daarna elke dag op KLACHTWIJS_DAILY_AT. "
        "Met --once één keer en dan stoppen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Draai de taken één keer en stop dan."
        )

    def handle(self, *args, once: bool = False, **options) -> None:
        at = daily_at()
        if once:
            failed = self.run_jobs()
            if failed:
                raise CommandError(f"Mislukt: {', '.join(failed)}.")
            return
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # PID 1 in a container
        self.run_jobs()
        while True:
            when = next_run(timezone.now(), at)
            self.stdout.write(f"Volgende keer: {timezone.localtime(when):%d-%m-%Y %H:%M}.")
            while (left := (when - timezone.now()).total_seconds()) > 0:
                time.sleep(min(left, NAP))
            self.run_jobs()

    def run_jobs(self) -> list[str]:
        """Run every daily command; returns the names of those that failed."""
        failed = []
        for name in DAILY_COMMANDS:
            self.stdout.write(f"[{timezone.localtime():%d-%m-%Y %H:%M}] {name}")
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # one job's failure must not stop the others
                logger.exception("Daily job %s failed", name)
                failed.append(name)
        # A task backend that cannot run tasks later (the tests' immediate one): do the work now.
        plan = ["--schedule"] if default_task_backend.supports_defer else []
        for name, wanted in RECURRING:
            if not wanted():
                continue
            self.stdout.write(f"[{timezone.localtime():%d-%m-%Y %H:%M}] {name} {' '.join(plan)}")
            try:
                call_command(name, *plan, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # e.g. the mailbox is down: planned again tomorrow
                logger.exception("Planning %s failed", name)
                failed.append(name)
        self.stdout.flush()
        return failed
