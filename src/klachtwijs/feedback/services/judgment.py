"""Judging and extending: each with its letter, stored in the dossier and mailed to the parent.

There is one service per intent and every door calls it: `feedback_judge` (the written,
reasoned judgment, LEGAL.md H3/H4/H7), `feedback_extend` (the written notice of a longer term,
T2) and `committee_measures_tell` (the measures after a committee's judgment, told to the
parent and the committee, T3). A preview before sending is a
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
)
from klachtwijs.feedback.services.dossier import _extend, _judge
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.services import Attachment, message_queue
from klachtwijs.organisation.models import User
from klachtwijs.organisation.selectors import organisation_get

MEASURES_REQUIRED = gettext_noop("Geef minstens één maatregel met een eigenaar en een datum.")
MEASURES_OR_REASON = gettext_noop(
    "Geef minstens één maatregel met een eigenaar en een datum, of schrijf waarom u geen "
    "maatregelen neemt."
)
NEEDS_COMMITTEE_ADDRESS = gettext_noop(
    "Vul eerst het e-mailadres van de klachtencommissie in bij de organisatie (Beheer): de "
    "commissie krijgt deze brief ook (Jeugdwet 4.2.1 lid 5)."
)
MEASURES_LETTER_SENT = (
    "De brief over de maatregelen is verstuurd aan de indiener en aan de klachtencommissie."
)
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
    document = _letter_send(
        feedback,
        kind=Document.Kind.JUDGMENT,
        mail="judgment",
        template="letters/judgment.html",
        context=context,
        at=at,
    )
    judgment.sent_at = at
    fields = ["sent_at"]
    text = "De brief met ons oordeel is verstuurd."
    if by_committee and measures and _committee_address():
        # The measures are in the letter: the committee gets it too, and so has been told
        # (Jeugdwet 4.2.1 lid 5). Without an address `committee_measures_tell` does it later.
        _mail_committee(feedback, document=document, context=context, at=at)
        judgment.measures_told_at = at
        fields.append("measures_told_at")
        text = MEASURES_LETTER_SENT
    judgment.save(update_fields=fields)
    _event(feedback, Event.Kind.DOCUMENT, by=by, at=at, visible=True, text=text)
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


def _committee_address() -> str:
    return (organisation_get().committee_email or "").strip()


def _mail_committee(
    feedback: Feedback, *, document: Document, context: dict[str, object], at: datetime
) -> None:
    """The committee gets the letter too (Jeugdwet 4.2.1 lid 5): a plain address, no link."""
    message_queue(
        kind="committee_measures_committee",
        to=_committee_address(),
        feedback=feedback,
        context=context,
        attachments=[Attachment(document.filename, document.content_type, document.file.name)],
        at=at,
    )


@transaction.atomic
def committee_measures_tell(
    *,
    feedback_id: int,
    by: User,
    measures: Sequence[MeasureInput] = (),
    no_measures_reason: str = "",
    at: datetime | None = None,
) -> Judgment:
    """Tell the complainant and the committee in writing which measures follow the Jeugdwet
    committee's judgment (Jeugdwet 4.2.1 lid 5, LEGAL.md T3): new measures (each with an owner
    and a date not before today, H4), or the reason there are none; a letter (PDF) in the dossier
    listing every measure of the judgment, mailed to the parent and to the committee's address
    (`Organisation.committee_email`). Records `Judgment.measures_told_at`, which the close
    guard (`workflow.MEASURES_TOLD`) asks for. May be repeated when more measures follow."""
    at = _now(at)
    feedback = _lock(feedback_id, "measure")
    judgment = feedback.judgments.last()  # a committee's: the guard COMMITTEE_JUDGED
    errors = _measure_errors(feedback, measures, at)
    reason = no_measures_reason.strip()
    if not measures and not reason and not judgment.measures.exists():
        errors["measures"] = gettext(MEASURES_OR_REASON)
    if not _committee_address():
        errors["__all__"] = gettext(NEEDS_COMMITTEE_ADDRESS)
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
    every = list(judgment.measures.select_related("owner").order_by("due_date", "pk"))
    context = _letter_context(
        feedback, at, judgment=judgment, measures=every, no_measures_reason=reason
    )
    from klachtwijs.feedback.letters import letter_store

    document = letter_store(
        feedback=feedback,
        kind=Document.Kind.MEASURES_LETTER,
        template="letters/committee_measures.html",
        context=context,
        visible_to_parent=True,
        at=at,
    )
    if feedback.submitter_email:
        message_queue(
            kind="committee_measures",
            to=feedback.submitter_email,
            feedback=feedback,
            context={**context, "status_url": link_new(feedback, at=at)},
            attachments=[Attachment(document.filename, document.content_type, document.file.name)],
            at=at,
        )
    _mail_committee(feedback, document=document, context=context, at=at)
    judgment.measures_told_at = at
    judgment.save(update_fields=["measures_told_at"])
    if created:
        lines = "; ".join(f"{m.description} (uiterlijk {m.due_date:%d-%m-%Y})" for m in created)
        text = f"Maatregelen na het oordeel van de klachtencommissie: {lines}"
    else:
        text = "Wij hebben laten weten welke maatregelen volgen op het oordeel van de commissie."
    _event(feedback, Event.Kind.CHANGED, by=by, at=at, visible=True, text=text, action="measure")
    _event(feedback, Event.Kind.DOCUMENT, by=by, at=at, visible=True, text=MEASURES_LETTER_SENT)
    return judgment


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
