"""Judging and extending: each with its letter, stored in the dossier and mailed to the parent.

There is one service per intent and every door calls it: `feedback_judge` (the written,
reasoned judgment, LEGAL.md H3/H4/H7), `feedback_extend` (the written notice of a longer term,
T2) and `judgment_add_measures` (a committee's measures, T3). A preview before sending is a
door's own business; sending is never a second path. `feedback_judgment_record` is the one
other intent: a judgment that was given and sent before Klachtwijs kept the dossier (the
register import), which therefore gets no letter from us.
"""

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback.models import Document, Event, Feedback, Judgment, Measure
from klachtwijs.feedback.services._base import (
    MeasureInput,
    _event,
    _lock,
    _measure_errors,
    _now,
    _tell_parent,
)
from klachtwijs.feedback.services.dossier import _extend, _judge
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.services import Attachment, message_queue
from klachtwijs.organisation.models import User
from klachtwijs.organisation.selectors import organisation_get

MEASURES_REQUIRED = gettext_noop("Geef minstens één maatregel met een eigenaar en een datum.")
SENT_OUTSIDE = "De brief met het oordeel is buiten Klachtwijs verstuurd."


def _letter_context(feedback: Feedback, at: datetime, **extra: object) -> dict[str, object]:
    from klachtwijs.organisation.routes import routes_for

    return {
        "feedback": feedback,
        "organisation": organisation_get(),
        "routes": routes_for(feedback.framework),
        "today": timezone.localdate(at),
        **extra,
    }


def _letter_send(
    feedback: Feedback,
    *,
    kind: str,
    mail: str,
    template: str,
    context: dict[str, object],
    at: datetime,
) -> Document:
    """Store the letter as a PDF the parent sees, and mail it to the parent when we can."""
    from klachtwijs.feedback.letters import letter_store

    document = letter_store(
        feedback=feedback,
        kind=kind,
        template=template,
        context=context,
        visible_to_parent=True,
        at=at,
    )
    if feedback.submitter_email:
        message_queue(
            kind=mail,
            to=feedback.submitter_email,
            feedback=feedback,
            context={**context, "status_url": link_new(feedback, at=at)},
            attachments=[Attachment(document.filename, document.content_type, document.file.name)],
            at=at,
        )
    return document


@transaction.atomic
def feedback_judge(
    *,
    feedback_id: int,
    by: User,
    outcome: str,
    reasoning: str,
    measures: Sequence[MeasureInput] = (),
    no_measures_reason: str = "",
    by_committee: bool = False,
    decided_on: date | None = None,
    at: datetime | None = None,
) -> Judgment:
    """in_progress -> answered: the written, reasoned judgment with its measures, its letter as
    PDF in the dossier (visible to the parent) and mailed to the parent, in one transaction:
    all of it happens, or none (LEGAL.md H3, H4, H7; Jeugdwet 4.2.1 for `by_committee`)."""
    at = _now(at)
    judgment = _judge(
        feedback_id=feedback_id,
        by=by,
        outcome=outcome,
        reasoning=reasoning,
        measures=measures,
        no_measures_reason=no_measures_reason,
        by_committee=by_committee,
        decided_on=decided_on,
        at=at,
    )
    feedback = judgment.feedback
    measures = list(judgment.measures.select_related("owner").order_by("due_date", "pk"))
    context = _letter_context(feedback, at, judgment=judgment, measures=measures)
    _letter_send(
        feedback,
        kind=Document.Kind.JUDGMENT,
        mail="judgment",
        template="letters/judgment.html",
        context=context,
        at=at,
    )
    judgment.sent_at = at
    judgment.save(update_fields=["sent_at"])
    _event(
        feedback,
        Event.Kind.DOCUMENT,
        by=by,
        at=at,
        visible=True,
        text="De brief met ons oordeel is verstuurd.",
    )
    return judgment


@transaction.atomic
def feedback_judgment_record(
    *,
    feedback_id: int,
    by: User,
    outcome: str,
    reasoning: str,
    decided_on: date,
    measures: Sequence[MeasureInput] = (),
    no_measures_reason: str = "",
    at: datetime | None = None,
) -> Judgment:
    """A judgment given and sent in writing before Klachtwijs kept the dossier (an imported
    register): the same checks and move as `feedback_judge`, no letter and no mail from us."""
    at = _now(at)
    judgment = _judge(
        feedback_id=feedback_id,
        by=by,
        outcome=outcome,
        reasoning=reasoning,
        measures=measures,
        no_measures_reason=no_measures_reason,
        decided_on=decided_on,
        at=at,
    )
    judgment.sent_at = at
    judgment.save(update_fields=["sent_at"])
    _event(judgment.feedback, Event.Kind.DOCUMENT, by=by, at=at, text=SENT_OUTSIDE)
    return judgment


@transaction.atomic
def judgment_add_measures(
    *, judgment_id: int, measures: Sequence[MeasureInput], by: User, at: datetime | None = None
) -> list[Measure]:
    """The measures taken after the Jeugdwet committee's judgment, within a month
    (Jeugdwet 4.2.1 lid 5, LEGAL.md T3). The parent sees them on the status page and is told
    in writing. Each has an owner and a date that is not before today (LEGAL.md H4)."""
    at = _now(at)
    judgment = Judgment.objects.select_for_update().get(pk=judgment_id)
    feedback = _lock(judgment.feedback_id, "measure")
    errors = _measure_errors(feedback, measures, at)
    if not measures or "measures" in errors:
        errors["measures"] = gettext(MEASURES_REQUIRED)
    if errors:
        raise ValidationError(errors)
    created = Measure.objects.bulk_create(
        Measure(
            feedback_id=judgment.feedback_id,
            judgment=judgment,
            description=m.description.strip(),
            owner=m.owner,
            due_date=m.due_date,
        )
        for m in measures
    )
    lines = "; ".join(f"{m.description} (uiterlijk {m.due_date:%d-%m-%Y})" for m in created)
    event = _event(
        feedback,
        Event.Kind.CHANGED,
        by=by,
        at=at,
        visible=True,
        text=f"Maatregelen na het oordeel van de klachtencommissie: {lines}",
    )
    _tell_parent(feedback, event.text, at=at)  # told in writing (Jeugdwet 4.2.1 lid 5)
    return created


@transaction.atomic
def feedback_extend(
    *, feedback_id: int, until: date, reason: str, by: User, at: datetime | None = None
) -> Feedback:
    """Extend the term and send the written, reasoned notice: a PDF letter in the dossier and a
    mail to the parent (Wkkgz art. 17 lid 2, Jeugdwet 4.2.1 lid 2 d; never under the Wko)."""
    at = _now(at)
    feedback = _extend(feedback_id=feedback_id, until=until, reason=reason, by=by, at=at)
    context = _letter_context(feedback, at, reason=reason.strip(), until=feedback.extended_until)
    _letter_send(
        feedback,
        kind=Document.Kind.EXTENSION,
        mail="extension",
        template="letters/extension.html",
        context=context,
        at=at,
    )
    return feedback
