"""`klachtwijs scheduler`: the daily jobs in one process (the container stack's scheduler)."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from klachtwijs.core.management.commands.scheduler import next_run
from klachtwijs.notifications.models import OutboxMessage
from tests.factories import FeedbackFactory

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ((2026, 3, 2, 5, 59), (2026, 3, 2, 6, 0)),
        ((2026, 3, 2, 6, 0), (2026, 3, 3, 6, 0)),
        ((2026, 3, 2, 23, 30), (2026, 3, 3, 6, 0)),
        # The night summer time starts: still six o'clock local time.
        ((2026, 3, 28, 7, 0), (2026, 3, 29, 6, 0)),
    ],
)
def test_next_run_is_the_next_daily_time_in_local_time(now, expected):
    at = next_run(dt.datetime(*now, tzinfo=AMS), dt.time(6, 0))
    assert at == dt.datetime(*expected, tzinfo=AMS)


@pytest.mark.django_db
def test_once_runs_every_daily_job(officer, time_machine):
    feedback = FeedbackFactory(in_progress=True)
    day = feedback.answer_due - dt.timedelta(days=7)  # KLACHTWIJS_REMINDER_DAYS_BEFORE
    time_machine.move_to(timezone.make_aware(dt.datetime.combine(day, dt.time(6))))
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    text = out.getvalue()
    for job in ("send_reminders", "report_reminders", "apply_retention", "pattern_digest"):
        assert job in text
    assert "Bewaartermijn" in text  # apply_retention's own report
    # The self-planning worker tasks are (planned, or with this immediate backend) run too.
    assert "purge_uploads" in text
    assert "Opgeruimd" in text
    assert "fetch_mail" not in text  # no mailbox configured
    assert OutboxMessage.objects.filter(kind="reminder_due", to=officer.email).count() == 1
    call_command("scheduler", "--once", stdout=io.StringIO())  # idempotent per day
    assert OutboxMessage.objects.filter(kind="reminder_due", to=officer.email).count() == 1


def test_a_bad_daily_time_is_refused(settings):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "DAILY_AT": "zes uur"}
    with pytest.raises(CommandError, match="KLACHTWIJS_DAILY_AT"):
        call_command("scheduler", "--once")
