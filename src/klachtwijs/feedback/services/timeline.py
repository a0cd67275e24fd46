"""Timeline entries that do not change the status, and the things beside a dossier:
situations, escalations, measures and improvements."""

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import (
    Escalation,
    Event,
    Feedback,
    Improvement,
    Measure,
    Situation,
)
from klachtwijs.feedback.services._base import (
    DATE_IN_FUTURE,
    ESCALATION_DATES,
    RATING_NOT_CLOSED,
    RATING_RANGE,
    SITUATION_TOO_FEW,
    _event,
    _lock,
    _now,
    _tell_parent,
)
from klachtwijs.feedback.services.followup import _ask as followup_ask_locked
from klachtwijs.organisation.models import User

MEASURE_ALREADY_DONE = gettext_noop("Deze maatregel is al afgerond.")


@transaction.atomic
def feedback_log_contact(
    *, feedback_id: int, by: User, channel: str, on: date, summary: str, at: datetime | None = None
) -> Event:
    """Record a contact or investigation step (phone, meeting, mail) with date and summary;
    the date is not after the moment it is recorded."""
    errors: dict[str, str] = {}
    if not summary.strip():
        errors["summary"] = gettext("Schrijf kort op wat er is besproken.")
    if on > timezone.localdate(_now(at)):
        errors["on"] = gettext(DATE_IN_FUTURE)
    if errors:
        raise ValidationError(errors)
    feedback = _lock(feedback_id, "contact")
    return _event(
        feedback,
        Event.Kind.CONTACT,
        by=by,
        at=at,
        text=summary.strip(),
        contact_channel=channel,
        contact_on=on,
        action="contact",
    )


@transaction.atomic
def feedback_add_note(
    *, feedback_id: int, by: User, text: str, at: datetime | None = None
) -> Event:
    """An internal note: never shown to the parent."""
    if not text.strip():
        raise ValidationError({"text": gettext("Schrijf een notitie.")})
    feedback = _lock(feedback_id, "note")
    return _event(feedback, Event.Kind.NOTE, by=by, at=at, text=text.strip(), action="note")


@transaction.atomic
def feedback_share_message(
    *, feedback_id: int, by: User, text: str, at: datetime | None = None
) -> Event:
    """A progress message for the parent: on the status page and by mail (LEGAL.md H2)."""
    if not text.strip():
        raise ValidationError({"text": gettext("Schrijf een bericht.")})
    feedback = _lock(feedback_id, "message")
    event = _event(
        feedback,
        Event.Kind.MESSAGE,
        by=by,
        at=at,
        text=text.strip(),
        visible=True,
        action="message",
    )
    _tell_parent(feedback, event.text, at=at)
    return event


@transaction.atomic
def feedback_rate(
    *, feedback_id: int, satisfaction: int, comment: str = "", at: datetime | None = None
) -> Feedback:
    """The parent rates the handling after closing (1–5 and a comment)."""
    feedback = _lock(feedback_id)
    if workflow.refusal(feedback, "rate") is not None:
        raise ValidationError(gettext(RATING_NOT_CLOSED))
    if not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": gettext(RATING_RANGE)})
    feedback.satisfaction, feedback.satisfaction_comment = satisfaction, comment.strip()
    feedback.save(update_fields=["satisfaction", "satisfaction_comment"])
    _event(
        feedback, Event.Kind.RATED, by=None, at=at, text=f"Cijfer {satisfaction}.", action="rate"
    )
    return feedback


@transaction.atomic
def feedback_set_report_texts(
    *, feedback_id: int, by: User, summary: str, handling: str, at: datetime | None = None
) -> Feedback:
    """The anonymised description and handling for the annual report's appendix."""
    feedback = _lock(feedback_id, "report_texts")
    feedback.report_summary, feedback.report_handling = summary.strip(), handling.strip()
    feedback.save(update_fields=["report_summary", "report_handling"])
    text = "Teksten voor het jaarverslag bijgewerkt."
    _event(feedback, Event.Kind.CHANGED, by=by, at=at, text=text, action="report_texts")
    return feedback


# --- things beside the dossier -----------------------------------------------------------


@transaction.atomic
def situation_link(
    *,
    feedback_ids: Sequence[int],
    title: str,
    by: User,
    note: str = "",
    at: datetime | None = None,
) -> Situation:
    """Link klantreacties as one situation (or add them to the situation one already has)."""
    if len(set(feedback_ids)) < 2:
        raise ValidationError(gettext(SITUATION_TOO_FEW))
    at = _now(at)
    dossiers = list(Feedback.objects.select_for_update().filter(pk__in=feedback_ids))
    for feedback in dossiers:
        workflow.check(feedback, "situation")
    situation = next((f.situation for f in dossiers if f.situation_id), None)
    if situation is None:
        situation = Situation.objects.create(title=title.strip(), note=note.strip(), created_at=at)
    for feedback in dossiers:
        if feedback.situation_id != situation.pk:
            feedback.situation = situation
            feedback.save(update_fields=["situation"])
            _event(
                feedback,
                Event.Kind.SITUATION,
                by=by,
                at=at,
                text=situation.title,
                action="situation",
            )
    return situation


@transaction.atomic
def escalation_record(
    *,
    feedback_id: int,
    by: User,
    body: str,
    started_on: date,
    ended_on: date | None = None,
    result: str = "",
    is_binding: bool = False,
    summary: str = "",
    at: datetime | None = None,
) -> Escalation:
    """Record an escalation or dispute, at any point, also after closing."""
    if ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": gettext(ESCALATION_DATES)})
    feedback = _lock(feedback_id, "escalation")
    escalation = Escalation.objects.create(
        feedback=feedback,
        body=body,
        started_on=started_on,
        ended_on=ended_on,
        result=result,
        is_binding=is_binding,
        summary=summary.strip(),
    )
    text = escalation.get_body_display()
    _event(feedback, Event.Kind.ESCALATION, by=by, at=at, text=text, action="escalation")
    return escalation


@transaction.atomic
def escalation_end(
    *,
    escalation_id: int,
    by: User,
    ended_on: date,
    result: str,
    is_binding: bool,
    at: datetime | None = None,
) -> Escalation:
    """Record the end and outcome of an escalation (a binding ruling for a dispute)."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation_id)
    feedback = _lock(escalation.feedback_id, "escalation")
    if ended_on < escalation.started_on:
        raise ValidationError({"ended_on": gettext(ESCALATION_DATES)})
    escalation.ended_on, escalation.result, escalation.is_binding = ended_on, result, is_binding
    escalation.save(update_fields=["ended_on", "result", "is_binding"])
    _event(
        feedback,
        Event.Kind.ESCALATION,
        by=by,
        at=at,
        text=f"{escalation.get_body_display()}: {escalation.get_result_display()}",
        action="escalation",
    )
    return escalation


@transaction.atomic
def measure_complete(
    *, measure_id: int, done_on: date, by: User, at: datetime | None = None
) -> Measure:
    """Mark a measure done (once: a done measure stays done)."""
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    feedback = _lock(measure.feedback_id, "measure_done")
    if measure.done_at is not None:
        raise ValidationError(gettext(MEASURE_ALREADY_DONE))
    measure.done_at = done_on
    measure.save(update_fields=["done_at"])
    _event(
        feedback,
        Event.Kind.CHANGED,
        by=by,
        at=at,
        text=f"Maatregel afgerond: {measure.description}",
        action="measure_done",
    )
    # Issue 16: the parent is asked whether it happened (once; not in the meldcode route).
    followup_ask_locked(measure, feedback, _now(at))
    return measure


@transaction.atomic
def improvement_record(
    *,
    title: str,
    description: str,
    decided_on: date,
    feedback_ids: Sequence[int] = (),
    client_panel_asked: bool = False,
    client_panel_advice: str = "",
    done_on: date | None = None,
) -> Improvement:
    """Record an organisation-wide improvement and whether the client panel was asked."""
    improvement = Improvement.objects.create(
        title=title.strip(),
        description=description.strip(),
        decided_on=decided_on,
        done_on=done_on,
        client_panel_asked=client_panel_asked,
        client_panel_advice=client_panel_advice.strip(),
    )
    improvement.feedback.set(feedback_ids)
    return improvement
