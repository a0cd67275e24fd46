"""The parent is asked whether each measure happened (issue 16, LEGAL.md H4 follow-up).

A measure of a judged complaint is put to the parent once: when it is marked done
(`measure_complete`) or, at the latest, the day after its date (the daily reminders). The parent
answers on a small public page behind a signed link: yes, no, and a comment; they may change
the answer. A "no" is told to the handler and the quality department (`access.recipients`).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import Event, Feedback, Measure, ParentAnswer
from klachtwijs.feedback.services._base import _event, _lock, _now
from klachtwijs.feedback.tokens import dossier_url, measure_followup_url
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.selectors import organisation_get

FOLLOWUP_ANSWER = gettext_noop("Kies ja of nee.")
FOLLOWUP_CLOSED = gettext_noop("U kunt op deze vraag niet meer antwoorden.")


def followup_applies(measure: Measure, feedback: Feedback) -> bool:
    """Is this a measure the parent is asked about? One of a judgment, in a dossier whose
    parent may be mailed (`access.parent_recipients`: not in the meldcode route)."""
    return measure.judgment_id is not None and bool(
        access.parent_recipients(access.PARENT_MEASURE_FOLLOWUP, feedback)
    )


def _ask(measure: Measure, feedback: Feedback, at: datetime) -> bool:
    """Queue the question (once per measure); the caller holds the dossier's lock."""
    if measure.parent_asked_at is not None or not followup_applies(measure, feedback):
        return False
    context = {
        "feedback": feedback,
        "measure": measure,
        "organisation": organisation_get(),
        "followup_url": measure_followup_url(measure.pk),
    }
    for email in access.parent_recipients(access.PARENT_MEASURE_FOLLOWUP, feedback):
        message_queue(kind="measure_followup", to=email, context=context, feedback=feedback, at=at)
    measure.parent_asked_at = at
    measure.save(update_fields=["parent_asked_at"])
    return True


@transaction.atomic
def measure_followup_ask(*, measure_id: int, at: datetime | None = None) -> bool:
    """Ask the parent "Is dit gebeurd?" about one measure, unless asked before or not
    applicable; True when a mail was queued. Idempotent (the daily run and `measure_complete`
    both call it)."""
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    feedback = _lock(measure.feedback_id)
    measure.refresh_from_db()
    return _ask(measure, feedback, _now(at))


@transaction.atomic
def measure_parent_answer(
    *, measure_id: int, answer: str, comment: str = "", at: datetime | None = None
) -> Measure:
    """The parent's answer about a measure: yes or no, with an optional comment. The latest
    answer counts; it is written on the timeline (and, for a "no", the handler and the quality
    department are told, once per change to "no")."""
    if answer not in ParentAnswer.values:
        raise ValidationError({"answer": gettext(FOLLOWUP_ANSWER)})
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    feedback = _lock(measure.feedback_id)
    if measure.judgment_id is None or workflow.refusal(feedback, "measure_answer") is not None:
        raise ValidationError(gettext(FOLLOWUP_CLOSED))
    at = _now(at)
    before = measure.parent_answer
    measure.parent_answer, measure.parent_comment = answer, comment.strip()
    measure.parent_answered_at = at
    measure.save(update_fields=["parent_answer", "parent_comment", "parent_answered_at"])
    said = "ja" if answer == ParentAnswer.YES else "nee"
    text = f"Is de maatregel gebeurd? De ouder zegt: {said}. Maatregel: {measure.description}"
    if measure.parent_comment:
        text += f"\nToelichting: {measure.parent_comment}"
    _event(feedback, Event.Kind.FOLLOWUP, by=None, at=at, text=text, visible=True)
    if answer == ParentAnswer.NO and before != ParentAnswer.NO:
        context = {
            "feedback": feedback,
            "measure": measure,
            "organisation": organisation_get(),
            "dossier_url": dossier_url(feedback.pk),
        }
        for email in access.recipients(access.TOLD_MEASURE_DENIED, feedback):
            message_queue(
                kind="measure_denied_notice", to=email, context=context, feedback=feedback, at=at
            )
    return measure
