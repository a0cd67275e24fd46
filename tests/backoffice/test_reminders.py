"""Daily reminders: terms, overdue, measures, failed acknowledgements, quiet dossiers (H2)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from klachtwijs.feedback import tasks
from klachtwijs.feedback.reminders import reminders_send
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_handler(location):
    user = UserFactory(role=Role.HANDLER, locations=[location], email="behandelaar@example.nl")
    location.manager = user
    location.save()
    return user


@pytest.fixture
def run_on(time_machine):
    """Run the reminders as the daily job would on `day` (the clock set to that morning)."""

    def run(day: dt.date) -> int:
        time_machine.move_to(timezone.make_aware(dt.datetime.combine(day, dt.time(7))))
        return reminders_send(today=day)

    return run


def reminders(kind: str) -> list[tuple[str, str]]:
    return sorted(OutboxMessage.objects.filter(kind=kind).values_list("feedback__reference", "to"))


def test_term_reminder_n_days_before_to_handler_and_officer(
    location, officer, manager_handler, settings, run_on
):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "REMINDER_DAYS_BEFORE": 5}
    feedback = FeedbackFactory(location=location, in_progress=True)
    due = feedback.answer_due
    run_on(due - dt.timedelta(days=6))
    assert reminders("reminder_due") == []
    run_on(due - dt.timedelta(days=5))
    assert reminders("reminder_due") == [
        (feedback.reference, manager_handler.email),
        (feedback.reference, officer.email),
    ]
    message = OutboxMessage.objects.filter(kind="reminder_due").first()
    assert feedback.reference in message.subject
    assert f"/staff/dossiers/{feedback.pk}/" in message.body_text


def test_reminders_are_idempotent_per_day(location, officer, manager_handler, run_on):
    feedback = FeedbackFactory(location=location, in_progress=True)
    today = feedback.answer_due - dt.timedelta(days=1)
    first = run_on(today)
    assert first > 0
    assert run_on(today) == 0
    # Once per term: the next day does not repeat the "term ends soon" mail either.
    run_on(today + dt.timedelta(days=1))
    assert len(reminders("reminder_due")) == 2


def test_overdue_reminder(location, officer, manager_handler, run_on):
    feedback = FeedbackFactory(location=location, in_progress=True)
    run_on(feedback.answer_due + dt.timedelta(days=1))
    assert reminders("reminder_overdue") == [
        (feedback.reference, manager_handler.email),
        (feedback.reference, officer.email),
    ]


def test_no_term_reminder_once_answered(location, officer, manager_handler, run_on):
    feedback = FeedbackFactory(location=location, answered=True)
    run_on(feedback.answer_due + dt.timedelta(days=3))
    assert reminders("reminder_overdue") == []
    assert reminders("reminder_due") == []


def test_measure_owner_reminded_when_due(location, officer, manager_handler, run_on):
    feedback = FeedbackFactory(location=location, answered=True)
    measure = feedback.measures.get()
    run_on(measure.due_date - dt.timedelta(days=8))
    assert reminders("reminder_measure") == []
    run_on(measure.due_date)
    assert reminders("reminder_measure") == [(feedback.reference, manager_handler.email)]
    body = OutboxMessage.objects.get(kind="reminder_measure").body_text
    assert measure.description in body


def test_failed_acknowledgement_reported_to_officer_once(location, officer, run_on):
    feedback = FeedbackFactory(location=location)
    OutboxMessage.objects.filter(kind="acknowledgement").update(
        state=OutboxMessage.State.FAILED, attempts=5
    )
    today = timezone.localdate()
    run_on(today)
    run_on(today + dt.timedelta(days=1))
    assert reminders("reminder_ack_failed") == [(feedback.reference, officer.email)]


def test_meldcode_reminders_skip_ordinary_officer(location, run_on):
    officer = UserFactory(role=Role.QUALITY_OFFICER, email="kwaliteit@example.nl")
    meldcode = UserFactory(role=Role.MELDCODE_OFFICER, email="amk@example.nl")
    FeedbackFactory(location=location, meldcode=True)
    OutboxMessage.objects.filter(kind="acknowledgement").update(state=OutboxMessage.State.FAILED)
    run_on(timezone.localdate())
    recipients = [to for _, to in reminders("reminder_ack_failed")]
    assert recipients == [meldcode.email]
    assert officer.email not in recipients


def test_handler_warned_when_parent_heard_nothing(location, manager_handler, settings, run_on):
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "QUIET_DAYS": 7}
    feedback = FeedbackFactory(location=location, in_progress=True)
    today = timezone.localdate()
    run_on(today + dt.timedelta(days=6))
    assert reminders("reminder_quiet") == []
    run_on(today + dt.timedelta(days=8))
    assert reminders("reminder_quiet") == [(feedback.reference, manager_handler.email)]


def test_command_reports_and_accepts_date(location, officer, manager_handler, capsys):
    feedback = FeedbackFactory(location=location, in_progress=True)
    call_command("send_reminders", "--date", feedback.answer_due.isoformat())
    assert "herinnering(en) klaargezet" in capsys.readouterr().out
    assert reminders("reminder_due")


def test_command_refuses_bad_date():
    with pytest.raises(CommandError, match="Ongeldige datum"):
        call_command("send_reminders", "--date", "31-12-2025")


def test_task_runs_reminders(location, officer, manager_handler):
    FeedbackFactory(location=location, received_at=timezone.now() - dt.timedelta(days=60))
    result = tasks.reminders_daily.enqueue()
    assert result.return_value >= 1
    assert reminders("reminder_overdue")


def test_next_run_is_tomorrow_morning():
    now = dt.datetime(2026, 3, 10, 22, 30, tzinfo=timezone.get_current_timezone())
    run = tasks.next_run(now)
    assert timezone.localtime(run).date() == dt.date(2026, 3, 11)
    assert timezone.localtime(run).time() == tasks.RUN_AT


def test_task_requeues_itself_on_a_deferring_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    assert tasks.schedule_next(now=timezone.now())
    [result] = default_task_backend.results
    assert result.task.run_after == tasks.next_run(timezone.now())


def test_the_parents_own_addition_is_not_news_to_them(location, manager_handler, settings, run_on):
    """H2: the warning counts from the last step told *to* the parent, not from any event."""
    from klachtwijs.feedback import services

    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "QUIET_DAYS": 7}
    feedback = FeedbackFactory(location=location, in_progress=True)
    today = timezone.localdate()
    run_on(today + dt.timedelta(days=5))
    services.feedback_add_parent_info(feedback_id=feedback.pk, text="Het gebeurde weer.")
    services.feedback_add_note(feedback_id=feedback.pk, by=manager_handler, text="Intern.")
    run_on(today + dt.timedelta(days=8))
    assert reminders("reminder_quiet") == [(feedback.reference, manager_handler.email)]


def test_a_message_to_the_parent_restarts_the_quiet_days(
    location, manager_handler, settings, run_on
):
    from klachtwijs.feedback import services

    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "QUIET_DAYS": 7}
    feedback = FeedbackFactory(location=location, in_progress=True)
    today = timezone.localdate()
    run_on(today + dt.timedelta(days=5))
    services.feedback_share_message(feedback_id=feedback.pk, by=manager_handler, text="Bezig.")
    run_on(today + dt.timedelta(days=8))
    assert reminders("reminder_quiet") == []


def test_an_unassigned_quiet_dossier_warns_the_quality_department(location, settings, run_on):
    """H2 covers dossiers nobody handles yet: then the quality department is told
    (`access.recipients(TOLD_QUIET)`)."""
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, "QUIET_DAYS": 7}
    officer = UserFactory(role=Role.QUALITY_OFFICER, email="kwaliteit@example.nl")
    lead = UserFactory(role=Role.QUALITY_LEAD, email="hoofd@example.nl")
    waiting = FeedbackFactory(location=location, registered=True)
    today = timezone.localdate()
    run_on(today + dt.timedelta(days=8))
    assert reminders("reminder_quiet") == [
        (waiting.reference, lead.email),
        (waiting.reference, officer.email),
    ]
    body = OutboxMessage.objects.filter(kind="reminder_quiet").first().body_text
    assert "Er is nog geen behandelaar" in body
