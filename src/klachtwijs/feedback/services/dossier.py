"""Receiving a klantreactie and every transition of `workflow.py`."""

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.core.languages import in_dutch
from klachtwijs.feedback import minors, rules, workflow
from klachtwijs.feedback.models import (
    Category,
    Channel,
    ClosureReason,
    ContactPreference,
    Event,
    Feedback,
    Judgment,
    Kind,
    Measure,
    Outcome,
    ParentLanguage,
    Status,
)
from klachtwijs.feedback.services._base import (
    BAD_RESOLVE_REASON,
    DATE_IN_FUTURE,
    HANDLER_NOT_ACTIVE,
    NEEDS_CONTACT,
    NEEDS_MEASURES,
    NEEDS_TEXT,
    RESOLVE_REASONS,
    Child,
    MeasureInput,
    _answer_due,
    _check_service,
    _event,
    _lock,
    _measure_errors,
    _move,
    _now,
    _reference_next,
    _staff_notice_recipients,
)
from klachtwijs.feedback.services.parent import ParentFile, _parent_documents_store
from klachtwijs.feedback.tokens import dossier_url, link_new
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Service, User
from klachtwijs.organisation.selectors import organisation_get

BAD_OUTCOME = gettext_noop("Kies gegrond, deels gegrond of ongegrond.")
SAME_SERVICE = gettext_noop("Kies een andere dienst dan de huidige.")
BAD_LANGUAGE = gettext_noop("Kies een van de talen van het formulier.")


@transaction.atomic
def feedback_receive(
    *,
    kind: str,
    location: Location,
    service: Service,
    description: str,
    submitter_name: str,
    submitter_email: str = "",
    submitter_phone: str = "",
    contact_preference: str = ContactPreference.EMAIL,
    desired_outcome: str = "",
    happened_on: date | None = None,
    children: Sequence[Child] = (),
    submitter_role: str = "",
    age_band: str = "",
    category: Category | None = None,
    suspected_abuse: bool = False,
    channel: str = Channel.WEB_FORM,
    created_by: User | None = None,
    received_at: datetime | None = None,
    submission_key: str | None = None,
    submission_fingerprint: str = "",
    anonymous: bool = False,
    attachments: Sequence[ParentFile] = (),
    parent_language: str = ParentLanguage.DUTCH,
) -> Feedback:
    """Store a new klantreactie (`received`) with the parent's `attachments`, and queue its
    acknowledgement (which lists them) in one transaction.

    The term starts at receipt (LEGAL.md T1); for a complaint `answer_due` is decided now.
    A suspicion of abuse, or a meldcode category, puts the dossier on the restricted route.
    `submitter_role` and `age_band` (blank: not asked) decide later who may exercise the
    rights over the data (LEGAL.md P4, `feedback.minors`).
    `anonymous`: a signal without name (`workflow.kind_refusal`): never a complaint, so no
    term (Wko 1.57b, Jeugdwet 4.2.1); name and phone are not kept; with an e-mail address the
    parent still gets the acknowledgement with a status link.
    `parent_language`: the language the parent used (the form's page language, or what the
    API was told); their text is stored as written, their mails use this language.
    """
    refusal = workflow.kind_refusal(kind=kind, anonymous=anonymous)
    if refusal is not None:
        raise ValidationError({"kind": refusal})
    if anonymous:
        submitter_name, submitter_phone = "", ""
        contact_preference = ContactPreference.EMAIL
    _check_service(location, service)
    if parent_language not in ParentLanguage.values:
        raise ValidationError({"parent_language": gettext(BAD_LANGUAGE)})
    minors.check_answers(submitter_role=submitter_role, age_band=age_band)
    received_at = received_at or timezone.now()
    restricted = suspected_abuse or bool(category and category.is_meldcode)
    feedback = Feedback.objects.create(
        reference=_reference_next(timezone.localdate(received_at).year),
        kind=kind,
        kind_by_parent=kind,
        category=category,
        channel=channel,
        location=location,
        service=service,
        framework=service.framework,
        is_restricted=restricted,
        received_at=received_at,
        happened_on=happened_on,
        description=description,
        desired_outcome=desired_outcome,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        submitter_phone=submitter_phone,
        contact_preference=contact_preference,
        children=[{"first_name": c.first_name, "group": c.group} for c in children],
        submitter_role=submitter_role,
        age_band=age_band,
        created_by=created_by,
        submission_key=submission_key,
        submission_fingerprint=submission_fingerprint,
        parent_language=parent_language,
        answer_due=_answer_due(kind, service.framework, received_at),
        is_anonymous=anonymous,
    )
    _event(
        feedback,
        Event.Kind.RECEIVED,
        by=created_by,
        at=received_at,
        visible=True,
        to_status=Status.RECEIVED,
        text=f"Ontvangen via {in_dutch(Channel(channel).label)}.",
        action="receive",
    )
    documents = _parent_documents_store(feedback, attachments)
    if documents:
        names = ", ".join(d.filename for d in documents)
        _event(
            feedback,
            Event.Kind.DOCUMENT,
            by=created_by,
            at=received_at,
            text=f"Bijlagen van de ouder: {names}",
        )
    context = {"feedback": feedback, "organisation": organisation_get(), "attachments": documents}
    if submitter_email:
        message_queue(
            kind="acknowledgement",
            to=submitter_email,
            context={**context, "status_url": link_new(feedback, at=received_at)},
            feedback=feedback,
            at=received_at,
        )
    notice = {**context, "dossier_url": dossier_url(feedback.pk)}
    for email in _staff_notice_recipients(feedback):
        message_queue(
            kind="new_feedback_notice", to=email, context=notice, feedback=feedback, at=received_at
        )
    return feedback


# --- transitions -------------------------------------------------------------------------


def _term_kind(feedback: Feedback, kind: str) -> str:
    """The kind that decides the term: a complaint when the parent called it one, whatever it
    is registered as (LEGAL.md R6, T1)."""
    return Kind.COMPLAINT if feedback.kind_by_parent == Kind.COMPLAINT else kind


def _service_text(service: Service, framework: str) -> str:
    return f"{service.name} ({LegalFramework(framework).label})"


@transaction.atomic
def feedback_register(
    *,
    feedback_id: int,
    by: User,
    kind: str,
    category: Category,
    location: Location,
    service: Service,
    at: datetime | None = None,
) -> Feedback:
    """received -> registered: the quality officer checked kind, category, location, service.

    The parent's own choice stays on the dossier (`kind_by_parent`, LEGAL.md R6), and so does
    a complaint's term when it is registered as another kind (T1). The legal framework was
    fixed at receipt and is not read again from the service's settings (T4, ADR 0004): only a
    service the officer changes here brings its framework, and then the term is decided anew
    from the original receipt, written on the timeline with the old and new values.
    """
    feedback = _lock(feedback_id, "register")
    refusal = workflow.kind_refusal(kind=kind, anonymous=feedback.is_anonymous)
    if refusal is not None:
        raise ValidationError({"kind": refusal})
    _check_service(location, service)
    at = _now(at)
    old_service, old_framework, old_due = feedback.service, feedback.framework, feedback.answer_due
    service_changed = service.pk != feedback.service_id
    feedback.kind, feedback.category = kind, category
    feedback.location, feedback.service = location, service
    if service_changed:
        feedback.framework = service.framework
    feedback.is_restricted = feedback.is_restricted or category.is_meldcode
    term_kind = _term_kind(feedback, kind)
    if service_changed or (term_kind == Kind.COMPLAINT and feedback.answer_due is None):
        feedback.answer_due = _answer_due(term_kind, feedback.framework, feedback.received_at)
    feedback.registered_at = at
    _move(
        feedback,
        "register",
        by=by,
        at=at,
        event_kind=Event.Kind.REGISTERED,
        text="Uw klantreactie is geregistreerd.",
        fields=[
            "kind",
            "category",
            "location",
            "service",
            "framework",
            "is_restricted",
            "answer_due",
            "registered_at",
        ],
    )
    changes = []
    if feedback.rekinded:
        changes.append(
            f"Geregistreerd als {Kind(kind).label}; de ouder noemde het een "
            f"{Kind(feedback.kind_by_parent).label}."
        )
    if service_changed:
        changes.append(
            f"Dienst bij registratie: {_service_text(old_service, old_framework)} → "
            f"{_service_text(service, feedback.framework)}."
        )
    if feedback.answer_due != old_due:
        changes.append(f"Termijn: {_date(old_due)} → {_date(feedback.answer_due)}.")
    if changes:
        _event(feedback, Event.Kind.CHANGED, by=by, at=at, text=" ".join(changes))
    return feedback


def _date(day: date | None) -> str:
    return f"{day:%d-%m-%Y}" if day is not None else "geen"


@transaction.atomic
def feedback_correct_service(
    *,
    feedback_id: int,
    service: Service,
    reason: str,
    by: User,
    recompute_due: bool = False,
    at: datetime | None = None,
) -> Feedback:
    """Correct the dossier's service after registration: an explicit, logged correction.

    The legal framework was fixed at receipt (LEGAL.md T4, ADR 0004); a wrong service is put
    right here, never by reading the service's settings again. The framework follows the new
    service. The stored term stays as it was unless the officer chooses `recompute_due`: then
    it is decided anew from the original receipt (T1). Either way the timeline shows the old
    and new service, framework and term, and the reason.
    """
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = gettext(NEEDS_TEXT)
    feedback = _lock(feedback_id, "correct_service")
    if service.pk == feedback.service_id:
        errors["service"] = gettext(SAME_SERVICE)
    if errors:
        raise ValidationError(errors)
    _check_service(feedback.location, service)
    at = _now(at)
    old_service, old_framework, old_due = feedback.service, feedback.framework, feedback.answer_due
    feedback.service, feedback.framework = service, service.framework
    fields = ["service", "framework"]
    if recompute_due:
        kind = _term_kind(feedback, feedback.kind)
        feedback.answer_due = _answer_due(kind, feedback.framework, feedback.received_at)
        fields.append("answer_due")
    feedback.save(update_fields=fields)
    term = (
        f"Termijn opnieuw berekend: {_date(old_due)} → {_date(feedback.answer_due)}."
        if recompute_due
        else f"Termijn blijft {_date(old_due)}."
    )
    text = (
        f"Dienst gecorrigeerd: {_service_text(old_service, old_framework)} → "
        f"{_service_text(service, feedback.framework)}. {term} Reden: {reason.strip()}"
    )
    _event(feedback, Event.Kind.CHANGED, by=by, at=at, text=text, action="correct_service")
    return feedback


@transaction.atomic
def feedback_assign(
    *, feedback_id: int, handler: User, by: User, at: datetime | None = None
) -> Feedback:
    """registered -> in_progress (or a hand-over): a handler takes the dossier."""
    feedback = _lock(feedback_id, "assign")
    if not access.may_handle(handler, feedback):
        raise ValidationError({"handler": gettext(HANDLER_NOT_ACTIVE)})
    feedback.handler = handler
    _move(
        feedback,
        "assign",
        by=by,
        at=at,
        event_kind=Event.Kind.ASSIGNED,
        text="Een behandelaar is met uw klantreactie aan de slag.",
        fields=["handler"],
    )
    _tell_handler(feedback, by=by, at=at)
    return feedback


def _tell_handler(feedback: Feedback, *, by: User | None, at: datetime | None) -> None:
    """Issue 16: the new handler hears of it by mail (`access.recipients(TOLD_ASSIGNED)`:
    never the employee a meldcode dossier is about), unless they assigned themselves."""
    if by is not None and feedback.handler_id == by.pk:
        return
    context = {
        "feedback": feedback,
        "organisation": organisation_get(),
        "dossier_url": dossier_url(feedback.pk),
    }
    for email in access.recipients(access.TOLD_ASSIGNED, feedback):
        message_queue(kind="assigned_notice", to=email, context=context, feedback=feedback, at=at)


def _tell_parent_closed(feedback: Feedback, *, at: datetime) -> None:
    """Issue 16: a short mail to the parent that the dossier is closed, with their link (to
    read everything back and rate the handling). `access.parent_recipients` decides: not in
    the meldcode route, never to the employee the dossier is about."""
    for email in access.parent_recipients(access.PARENT_CLOSED, feedback):
        context = {
            "feedback": feedback,
            "organisation": organisation_get(),
            "status_url": link_new(feedback, at=at),
        }
        message_queue(kind="closed", to=email, context=context, feedback=feedback, at=at)


def _extend(*, feedback_id: int, until: date, reason: str, by: User, at: datetime) -> Feedback:
    """Extend the term where the service's framework allows it (rules.extension_until).
    Private: the one public service is `feedback_extend`, which also sends the notice."""
    feedback = _lock(feedback_id, "extend")
    try:
        new_due = rules.extension_until(
            framework=LegalFramework(feedback.framework),
            answer_due=feedback.due,
            requested_until=until,
            today=timezone.localdate(at),
            already_extended=feedback.extended_until is not None,
            reason=reason,
        )
    except rules.RuleViolation as exc:
        raise ValidationError(str(exc), code="rule") from exc
    feedback.extended_until = new_due
    _move(
        feedback,
        "extend",
        by=by,
        at=at,
        event_kind=Event.Kind.EXTENDED,
        text=f"De termijn is verlengd tot {new_due:%d-%m-%Y}. Reden: {reason.strip()}",
        fields=["extended_until"],
    )
    return feedback


# The committee's judgment may come before its measures: they follow within a month
# (Jeugdwet 4.2.1 lid 5, LEGAL.md T3). Stored and printed in the letter, which stays Dutch.
COMMITTEE_MEASURES_FOLLOW = "De maatregelen volgen uiterlijk {due:%d-%m-%Y} (binnen een maand)."


def _judge(
    *,
    feedback_id: int,
    by: User,
    outcome: str,
    reasoning: str,
    at: datetime,
    measures: Sequence[MeasureInput] = (),
    no_measures_reason: str = "",
    by_committee: bool = False,
    decided_on: date | None = None,
) -> Judgment:
    """in_progress -> answered: the written, reasoned judgment with its measures. Private: the
    public services are `feedback_judge` (with the letter) and `feedback_judgment_record`.

    LEGAL.md H1 (a logged contact first), H3 (outcome and reasoning), H4 (a concrete term per
    measure, or an explicit reason why there are none); Jeugdwet 4.2.1 lid 5 for a committee's
    judgment (its measures may follow within a month, and the judgment says so). The date of
    the committee's decision is not in the future; a measure is not due before today.
    """
    feedback = _lock(feedback_id, "committee" if by_committee else "judge")
    decided_on = decided_on or timezone.localdate(at)
    measures_due = rules.committee_measures_due(decided_on) if by_committee else None
    if by_committee and not measures and not no_measures_reason.strip():
        no_measures_reason = COMMITTEE_MEASURES_FOLLOW.format(due=measures_due)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:  # H3: gegrond, deels gegrond or ongegrond, nothing else
        errors["outcome"] = gettext(BAD_OUTCOME)
    if not feedback.events.filter(kind=Event.Kind.CONTACT).exists():
        errors["__all__"] = gettext(NEEDS_CONTACT)
    if not reasoning.strip():
        errors["reasoning"] = gettext("Schrijf de motivering van het oordeel.")
    if decided_on > timezone.localdate(at):
        errors["decided_on"] = gettext(DATE_IN_FUTURE)
    errors.update(_measure_errors(feedback, measures, at))
    if not measures and not no_measures_reason.strip():
        errors["measures"] = gettext(NEEDS_MEASURES)
    if errors:
        raise ValidationError(errors)
    judgment = Judgment.objects.create(
        feedback=feedback,
        outcome=outcome,
        reasoning=reasoning.strip(),
        no_measures_reason=no_measures_reason.strip(),
        by_committee=by_committee,
        decided_on=decided_on,
        measures_due=measures_due,
        created_by=by,
    )
    Measure.objects.bulk_create(
        Measure(
            feedback=feedback,
            judgment=judgment,
            description=m.description.strip(),
            owner=m.owner,
            due_date=m.due_date,
        )
        for m in measures
    )
    feedback.answered_at = at
    _move(
        feedback,
        "committee" if by_committee else "judge",
        by=by,
        at=at,
        event_kind=Event.Kind.JUDGED,
        text=f"Oordeel: {judgment.get_outcome_display()}.",
        fields=["answered_at"],
    )
    return judgment


def _close(
    feedback: Feedback, action: str, reason: str, *, by: User | None, text: str, at: datetime
) -> None:
    feedback.closed_at = at
    feedback.closure_reason = reason
    _move(
        feedback,
        action,
        by=by,
        at=at,
        event_kind=Event.Kind.WITHDRAWN if action == "withdraw" else Event.Kind.CLOSED,
        text=text,
        visible=action != "close_meldcode",
        fields=["closed_at", "closure_reason"],
    )
    if action in ("close", "resolve"):
        _tell_parent_closed(feedback, at=at)


@transaction.atomic
def feedback_close(*, feedback_id: int, by: User, at: datetime | None = None) -> Feedback:
    """answered -> closed: the judged complaint is officially closed."""
    feedback = _lock(feedback_id, "close")
    _close(
        feedback,
        "close",
        ClosureReason.JUDGED,
        by=by,
        text="Uw klantreactie is afgesloten.",
        at=_now(at),
    )
    return feedback


@transaction.atomic
def feedback_resolve(
    *, feedback_id: int, reason: str, text: str, by: User, at: datetime | None = None
) -> Feedback:
    """Close without a judgment (LEGAL.md H5): solved, not admissible, forwarded, or handled
    (a suggestion, compliment or signal passed to the location's team)."""
    if reason not in RESOLVE_REASONS:
        raise ValidationError({"reason": gettext(BAD_RESOLVE_REASON)})
    if not text.strip():
        raise ValidationError({"text": gettext(NEEDS_TEXT)})
    feedback = _lock(feedback_id, "resolve")
    _close(feedback, "resolve", reason, by=by, text=text.strip(), at=_now(at))
    return feedback


@transaction.atomic
def feedback_withdraw(
    *, feedback_id: int, text: str, by: User | None, at: datetime | None = None
) -> Feedback:
    """The parent withdraws the klantreactie; the dossier closes as withdrawn."""
    feedback = _lock(feedback_id, "withdraw")
    _close(
        feedback,
        "withdraw",
        ClosureReason.WITHDRAWN,
        by=by,
        text=text.strip() or "De klantreactie is ingetrokken.",
        at=_now(at),
    )
    return feedback


def _meldcode_enter(*, feedback_id: int, text: str, by: User, at: datetime) -> Feedback:
    """Move to the restricted meldcode route (private: `meldcode_start` is the service)."""
    feedback = _lock(feedback_id, "start_meldcode")
    feedback.is_restricted = True
    _move(
        feedback,
        "start_meldcode",
        by=by,
        at=at,
        event_kind=Event.Kind.MELDCODE,
        text=text.strip(),
        visible=False,
        fields=["is_restricted"],
    )
    return feedback


def _meldcode_leave(*, feedback_id: int, text: str, by: User, at: datetime) -> Feedback:
    """End the meldcode route (private: `meldcode_close` checks the steps first)."""
    feedback = _lock(feedback_id, "close_meldcode")
    _close(feedback, "close_meldcode", ClosureReason.MELDCODE, by=by, text=text.strip(), at=at)
    return feedback


@transaction.atomic
def feedback_reopen(
    *, feedback_id: int, reason: str, by: User, at: datetime | None = None
) -> Feedback:
    """closed -> in_progress: new facts after closing. Meldcode dossiers stay closed
    (`workflow`: the reopen edge's guard)."""
    feedback = _lock(feedback_id, "reopen")
    if not reason.strip():
        raise ValidationError({"reason": gettext(NEEDS_TEXT)})
    feedback.closed_at = None
    feedback.closure_reason = ""
    _move(
        feedback,
        "reopen",
        by=by,
        at=at,
        event_kind=Event.Kind.REOPENED,
        text=reason.strip(),
        fields=["closed_at", "closure_reason"],
    )
    return feedback
