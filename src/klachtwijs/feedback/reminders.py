"""Daily reminders to staff, queued in the mail outbox (DESIGN §6, LEGAL.md H2).

`reminders_send(today=...)` is idempotent: each reminder is an `OutboxMessage` with its own
`kind`, and before queueing one we look for the same kind, dossier and recipient within its
repeat window. Running it twice on a day, or from both cron and the task, mails nobody twice.

- reminder_due: handler and quality officers, from REMINDER_DAYS_BEFORE days before the term ends
  (once per term);
- reminder_overdue: the same people once the term has passed (again every week);
- reminder_measure: the owner of unfinished measures from REMINDER_DAYS_BEFORE days before their
  due date (again every week, one mail per dossier listing the measures);
- reminder_ack_failed: quality officers when the acknowledgement to the parent could not be sent
  (once per dossier);
- reminder_committee_measures: handler and quality officers, from REMINDER_DAYS_BEFORE days
  before the month after a Jeugdwet committee's judgment ends while the complainant and the
  committee have not been told the measures (Jeugdwet 4.2.1 lid 5, LEGAL.md T3; once before,
  then every week once the month has passed);
- reminder_quiet: the handler (the quality department while nobody handles it) when nothing has
  been said **to** the parent for QUIET_DAYS days: the parent's own additions do not count
  (H2; again after each QUIET_DAYS).

- measure_followup (to the parent, issue 16): "Is dit gebeurd?" about each measure of a judgment
  whose date has passed and that the parent was not asked about yet (once per measure; a
  measure marked done earlier was asked then). `access.parent_recipients` decides.

Who is told is decided by `access.recipients`: for a meldcode dossier only people who may see
it, and never the employee it is about (LEGAL.md M2).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import Event, Feedback, Judgment, Measure, Status
from klachtwijs.feedback.tokens import dossier_url
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.selectors import organisation_get

REPEAT_OVERDUE = timedelta(days=7)
REPEAT_MEASURE = timedelta(days=7)
ACK_MAX_ATTEMPTS = 3


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _queue_once(
    *, kind: str, feedback: Feedback, to: Iterable[str], since: date | None, context: dict
) -> int:
    """Queue `kind` for each recipient that has not had it for this dossier since `since`
    (`None`: ever)."""
    queued = 0
    for email in to:
        earlier = OutboxMessage.objects.filter(kind=kind, feedback=feedback, to=email)
        if since is not None:
            earlier = earlier.filter(created_at__gte=_start_of(since))
        if not earlier.exists():
            message_queue(kind=kind, to=email, feedback=feedback, context=context)
            queued += 1
    return queued


def _context(feedback: Feedback, **extra: object) -> dict:
    return {
        "feedback": feedback,
        "organisation": organisation_get(),
        "dossier_url": dossier_url(feedback.pk),
        **extra,
    }


def _open_with_term():
    return Feedback.objects.filter(status__in=workflow.OPEN).select_related("handler", "location")


def _terms(today: date, days_before: int) -> int:
    queued = 0
    for feedback in _open_with_term():
        due = feedback.due
        if due is None:
            continue
        to = access.recipients(access.TOLD_TERM, feedback)
        if due < today:
            context = _context(feedback, due=due, days_over=(today - due).days)
            queued += _queue_once(
                kind="reminder_overdue",
                feedback=feedback,
                to=to,
                since=today - REPEAT_OVERDUE + timedelta(days=1),
                context=context,
            )
        elif due - timedelta(days=days_before) <= today:
            context = _context(feedback, due=due, days_left=(due - today).days)
            queued += _queue_once(
                kind="reminder_due",
                feedback=feedback,
                to=to,
                since=due - timedelta(days=days_before),
                context=context,
            )
    return queued


def _measures(today: date, days_before: int) -> int:
    due = Measure.objects.filter(
        done_at__isnull=True, due_date__lte=today + timedelta(days=days_before)
    ).select_related("owner", "feedback__location")
    grouped: dict[tuple[int, int], list[Measure]] = defaultdict(list)
    for measure in due:
        grouped[(measure.feedback_id, measure.owner_id)].append(measure)
    queued = 0
    for measures in grouped.values():
        feedback, owner = measures[0].feedback, measures[0].owner
        queued += _queue_once(
            kind="reminder_measure",
            feedback=feedback,
            to=access.recipients(access.TOLD_MEASURE, feedback, owner=owner),
            since=today - REPEAT_MEASURE + timedelta(days=1),
            context=_context(feedback, measures=measures, today=today),
        )
    return queued


def _committee_measures(today: date, days_before: int) -> int:
    """T3: the committee's judgment is in, the letter about the measures is not yet sent."""
    waiting = (
        Judgment.objects.filter(
            by_committee=True,
            measures_told_at__isnull=True,
            measures_due__lte=today + timedelta(days=days_before),
        )
        .exclude(feedback__status=Status.MELDCODE)
        .select_related("feedback__handler", "feedback__location")
    )
    queued = 0
    for judgment in waiting:
        feedback, due = judgment.feedback, judgment.measures_due
        if feedback.judgments.filter(pk__gt=judgment.pk).exists():
            continue  # a later judgment replaced this one
        over = (today - due).days
        queued += _queue_once(
            kind="reminder_committee_measures",
            feedback=feedback,
            to=access.recipients(access.TOLD_TERM, feedback),
            since=(
                today - REPEAT_OVERDUE + timedelta(days=1)
                if over > 0
                else due - timedelta(days=days_before)
            ),
            context=_context(feedback, due=due, days_over=max(over, 0), days_left=max(-over, 0)),
        )
    return queued


def _failed_acknowledgements() -> int:
    failed = (
        OutboxMessage.objects.filter(kind="acknowledgement", feedback__isnull=False)
        .filter(Q(state=OutboxMessage.State.FAILED) | Q(attempts__gt=ACK_MAX_ATTEMPTS))
        .exclude(state=OutboxMessage.State.SENT)
        .select_related("feedback__location")
    )
    queued = 0
    for message in failed:
        feedback = message.feedback
        queued += _queue_once(
            kind="reminder_ack_failed",
            feedback=feedback,
            to=access.recipients(access.TOLD_ACK_FAILED, feedback),
            since=None,
            context=_context(feedback, message=message),
        )
    return queued


def _quiet(today: date, quiet_days: int) -> int:
    """H2: open dossiers, assigned or not, to whose parent nothing has been said for
    `quiet_days` days. What counts is the last step shown or sent **to** the parent (an event
    visible to them that they did not write themselves: `Event.TO_PARENT`); their own
    additions are news for us, not for them. Who is told: `access.recipients(TOLD_QUIET)`,
    the handler, or the quality department while there is none."""
    cutoff = _start_of(today - timedelta(days=quiet_days))
    quiet = (
        Feedback.objects.filter(status__in=workflow.OPEN)
        .annotate(last_news=Max("events__at", filter=Event.to_parent("events__")))
        .filter(Q(last_news__lt=cutoff) | Q(last_news__isnull=True))
        .select_related("handler", "location")
    )
    queued = 0
    for feedback in quiet:
        last = timezone.localdate(feedback.last_news) if feedback.last_news else None
        queued += _queue_once(
            kind="reminder_quiet",
            feedback=feedback,
            to=access.recipients(access.TOLD_QUIET, feedback),
            since=today - timedelta(days=quiet_days - 1),
            context=_context(feedback, last_news=last, quiet_days=quiet_days),
        )
    return queued


def _measure_followups(today: date) -> int:
    """Issue 16: measures of a judgment past their date whose parent was not asked yet."""
    from klachtwijs.feedback.services import measure_followup_ask

    waiting = Measure.objects.filter(
        judgment__isnull=False,
        parent_asked_at__isnull=True,
        due_date__lt=today,
        feedback__is_restricted=False,
        feedback__anonymised_at__isnull=True,
    ).exclude(feedback__submitter_email="")
    return sum(measure_followup_ask(measure_id=pk) for pk in waiting.values_list("pk", flat=True))


@transaction.atomic
def reminders_send(*, today: date) -> int:
    """Queue every reminder due on `today`; returns how many mails were queued."""
    options = settings.KLACHTWIJS
    days_before = options["REMINDER_DAYS_BEFORE"]
    return (
        _terms(today, days_before)
        + _measures(today, days_before)
        + _committee_measures(today, days_before)
        + _failed_acknowledgements()
        + _quiet(today, options["QUIET_DAYS"])
        + _measure_followups(today)
    )
