"""Receiving a klantreactie and every transition of `workflow.py`."""

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from klachtwijs.feedback import minors, rules
from klachtwijs.feedback.models import (
    Category,
    Channel,
    ClosureReason,
    ContactPreference,
    Event,
    Feedback,
    Judgment,
    Measure,
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
from klachtwijs.feedback.tokens import dossier_url, link_new
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Service, User
from klachtwijs.organisation.selectors import organisation_get


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
) -> Feedback:
    """Store a new klantreactie (`received`) and queue its acknowledgement in one transaction.

    The term starts at receipt (LEGAL.md T1); for a complaint `answer_due` is decided now.
    A suspicion of abuse, or a meldcode category, puts the dossier on the restricted route.
    `submitter_role` and `age_band` (blank: not asked) decide later who may exercise the
    rights over the data (LEGAL.md P4, `feedback.minors`).
    """
    _check_service(location, service)
    minors.check_answers(submitter_role=submitter_role, age_band=age_band)
    received_at = received_at or timezone.now()
    restricted = suspected_abuse or bool(category and category.is_meldcode)
    feedback = Feedback.objects.create(
        reference=_reference_next(timezone.localdate(received_at).year),
        kind=kind,
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
        answer_due=_answer_due(kind, service.framework, received_at),
    )
    _event(
        feedback,
        Event.Kind.RECEIVED,
        by=created_by,
        at=received_at,
        visible=True,
        to_status=Status.RECEIVED,
        text=f"Ontvangen via {Channel(channel).label}.",
    )
    context = {"feedback": feedback, "organisation": organisation_get()}
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

    Kind and service decide the term, so a changed kind or service decides it anew from the
    original receipt (LEGAL.md T1).
    """
    feedback = _lock(feedback_id, "register")
    _check_service(location, service)
    changed = (kind, service.pk) != (feedback.kind, feedback.service_id)
    feedback.kind, feedback.category = kind, category
    feedback.location, feedback.service = location, service
    feedback.framework = service.framework
    feedback.is_restricted = feedback.is_restricted or category.is_meldcode
    if changed:
        feedback.answer_due = _answer_due(kind, service.framework, feedback.received_at)
    feedback.registered_at = _now(at)
    _move(
        feedback,
        "register",
        by=by,
        at=feedback.registered_at,
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
    return feedback


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
