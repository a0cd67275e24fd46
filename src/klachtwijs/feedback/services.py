"""The only writers of a dossier. One function per transition of `workflow.py`.

Each function is one database transaction: it locks the dossier row, asks `workflow.check`
whether the move is allowed, changes the row, writes the `Event` and queues any mail in the same
transaction. Nothing else assigns `Feedback.status` (a test makes sure).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klachtwijs.feedback import rules, workflow
from klachtwijs.feedback.models import (
    Category,
    Channel,
    ClosureReason,
    ContactPreference,
    Escalation,
    Event,
    Feedback,
    Improvement,
    Judgment,
    Kind,
    Measure,
    ReferenceCounter,
    Situation,
    Status,
)
from klachtwijs.feedback.tokens import dossier_url, link_new
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Role, Service, User
from klachtwijs.organisation.selectors import organisation_get

SERVICE_NOT_AT_LOCATION = "Deze dienst wordt niet gegeven op de gekozen vestiging."
NEEDS_CONTACT = (
    "Leg eerst minstens één contact of onderzoeksstap vast. Een oordeel kan pas na zorgvuldig "
    "onderzoek."
)
NEEDS_MEASURES = "Geef minstens één maatregel met een datum, of schrijf op waarom er geen zijn."
MEASURE_NEEDS_DATE = "Elke maatregel heeft een eigenaar en een concrete datum nodig."
NEEDS_TEXT = "Schrijf op waarom."
HANDLER_NOT_ACTIVE = "Deze medewerker kan geen dossiers behandelen."
MELDCODE_NO_REOPEN = "Een dossier uit de meldcoderoute kan niet worden heropend."
RESOLVE_REASONS = frozenset(
    {
        ClosureReason.SOLVED,
        ClosureReason.NOT_ADMISSIBLE,
        ClosureReason.FORWARDED,
        ClosureReason.HANDLED,
    }
)
BAD_RESOLVE_REASON = "Kies een reden om af te sluiten."
RATING_RANGE = "Kies een cijfer van 1 tot en met 5."
RATING_NOT_CLOSED = "U kunt pas een cijfer geven als uw klantreactie is afgesloten."
SITUATION_TOO_FEW = "Kies minstens twee klantreacties om als één situatie te koppelen."
ESCALATION_DATES = "De einddatum ligt vóór de begindatum."


@dataclass(frozen=True)
class Child:
    first_name: str
    group: str = ""


@dataclass(frozen=True)
class MeasureInput:
    description: str
    owner: User
    due_date: date | None


# --- helpers -----------------------------------------------------------------------------


def _lock(feedback_id: int) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback_id)


def _event(
    feedback: Feedback,
    kind: str,
    *,
    by: User | None,
    text: str = "",
    visible: bool = False,
    from_status: str = "",
    to_status: str = "",
    **extra: object,
) -> Event:
    return Event.objects.create(
        feedback=feedback,
        at=timezone.now(),
        actor=by,
        kind=kind,
        text=text,
        visible_to_parent=visible,
        from_status=from_status,
        to_status=to_status,
        **extra,
    )


def _move(
    feedback: Feedback,
    action: str,
    *,
    by: User | None,
    event_kind: str,
    text: str = "",
    visible: bool = True,
    fields: Sequence[str] = (),
) -> Event:
    """Check the move against the table, apply it with `fields`, and write its event."""
    transition = workflow.check(feedback.kind, feedback.status, action)
    before = feedback.status
    if transition.target is not None:
        feedback.status = transition.target
    feedback.save(update_fields=["status", *fields])
    return _event(
        feedback,
        event_kind,
        by=by,
        text=text,
        visible=visible,
        from_status=before,
        to_status=feedback.status,
    )


def _tell_parent(feedback: Feedback, text: str) -> None:
    """Mail the parent a message with a fresh private link (when we have an address)."""
    if feedback.submitter_email:
        message_queue(
            kind="message",
            to=feedback.submitter_email,
            feedback=feedback,
            context={
                "feedback": feedback,
                "text": text,
                "organisation": organisation_get(),
                "status_url": link_new(feedback),
            },
        )


def _reference_next(year: int) -> str:
    """The next dossier number of `year` (e.g. 2025-0007), under a row lock."""
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:04d}"


def _answer_due(kind: str, framework: str, received_at: datetime) -> date | None:
    """The legal term of a complaint, decided now and stored (LEGAL.md T1, T4)."""
    if kind != Kind.COMPLAINT:
        return None
    return rules.answer_due(
        framework=LegalFramework(framework),
        received_on=timezone.localdate(received_at),
        jeugdwet_term_weeks=organisation_get().jeugdwet_term_weeks,
    )


def _check_service(location: Location, service: Service) -> None:
    if not location.services.filter(pk=service.pk).exists():
        raise ValidationError({"service": SERVICE_NOT_AT_LOCATION})


def _staff_notice_recipients(feedback: Feedback) -> list[str]:
    """Who hears of a new dossier: the quality department, or only the meldcode people."""
    if feedback.is_restricted:
        roles = Q(role__in=[Role.MELDCODE_OFFICER, Role.QUALITY_LEAD]) | Q(meldcode_designated=True)
    else:
        roles = Q(role__in=[Role.QUALITY_OFFICER, Role.QUALITY_LEAD])
    emails = set(
        User.objects.filter(roles, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    office = organisation_get().complaints_officer_email
    if office and not feedback.is_restricted:
        emails.add(office)
    return sorted(emails)


# --- receiving ---------------------------------------------------------------------------


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
    category: Category | None = None,
    suspected_abuse: bool = False,
    channel: str = Channel.WEB_FORM,
    created_by: User | None = None,
    received_at: datetime | None = None,
    submission_key: str | None = None,
) -> Feedback:
    """Store a new klantreactie (`received`) and queue its acknowledgement in one transaction.

    The term starts at receipt (LEGAL.md T1); for a complaint `answer_due` is decided now.
    A suspicion of abuse, or a meldcode category, puts the dossier on the restricted route.
    """
    _check_service(location, service)
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
        created_by=created_by,
        submission_key=submission_key,
        answer_due=_answer_due(kind, service.framework, received_at),
    )
    _event(
        feedback,
        Event.Kind.RECEIVED,
        by=created_by,
        visible=True,
        to_status=Status.RECEIVED,
        text=f"Ontvangen via {Channel(channel).label}.",
    )
    context = {"feedback": feedback, "organisation": organisation_get()}
    if submitter_email:
        message_queue(
            kind="acknowledgement",
            to=submitter_email,
            context={**context, "status_url": link_new(feedback)},
            feedback=feedback,
        )
    notice = {**context, "dossier_url": dossier_url(feedback.pk)}
    for email in _staff_notice_recipients(feedback):
        message_queue(kind="new_feedback_notice", to=email, context=notice, feedback=feedback)
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
) -> Feedback:
    """received -> registered: the quality officer checked kind, category, location, service.

    Kind and service decide the term, so a changed kind or service decides it anew from the
    original receipt (LEGAL.md T1).
    """
    feedback = _lock(feedback_id)
    workflow.check(feedback.kind, feedback.status, "register")
    _check_service(location, service)
    changed = (kind, service.pk) != (feedback.kind, feedback.service_id)
    feedback.kind, feedback.category = kind, category
    feedback.location, feedback.service = location, service
    feedback.framework = service.framework
    feedback.is_restricted = feedback.is_restricted or category.is_meldcode
    if changed:
        feedback.answer_due = _answer_due(kind, service.framework, feedback.received_at)
    feedback.registered_at = timezone.now()
    _move(
        feedback,
        "register",
        by=by,
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
def feedback_assign(*, feedback_id: int, handler: User, by: User) -> Feedback:
    """registered -> in_progress (or a hand-over): a handler takes the dossier."""
    feedback = _lock(feedback_id)
    if not handler.is_active or handler.role in (Role.CLIENT_PANEL, Role.ADMINISTRATOR):
        raise ValidationError({"handler": HANDLER_NOT_ACTIVE})
    feedback.handler = handler
    _move(
        feedback,
        "assign",
        by=by,
        event_kind=Event.Kind.ASSIGNED,
        text="Een behandelaar is met uw klantreactie aan de slag.",
        fields=["handler"],
    )
    return feedback


@transaction.atomic
def feedback_extend(*, feedback_id: int, until: date, reason: str, by: User) -> Feedback:
    """Extend the term where the service's framework allows it (rules.extension_until)."""
    feedback = _lock(feedback_id)
    workflow.check(feedback.kind, feedback.status, "extend")
    try:
        new_due = rules.extension_until(
            framework=LegalFramework(feedback.framework),
            answer_due=feedback.due,
            requested_until=until,
            today=timezone.localdate(),
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
        event_kind=Event.Kind.EXTENDED,
        text=f"De termijn is verlengd tot {new_due:%d-%m-%Y}. Reden: {reason.strip()}",
        fields=["extended_until"],
    )
    return feedback


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
) -> Judgment:
    """in_progress -> answered: the written, reasoned judgment with its measures.

    LEGAL.md H1 (a logged contact first), H3 (outcome and reasoning), H4 (a concrete term per
    measure, or an explicit reason why there are none); Jeugdwet 4.2.1 lid 5 for a committee's
    judgment (measures told within a month).
    """
    feedback = _lock(feedback_id)
    workflow.check(feedback.kind, feedback.status, "judge")
    errors: dict[str, str] = {}
    if not feedback.events.filter(kind=Event.Kind.CONTACT).exists():
        errors["__all__"] = NEEDS_CONTACT
    if not reasoning.strip():
        errors["reasoning"] = "Schrijf de motivering van het oordeel."
    if any(m.due_date is None or m.owner is None or not m.description.strip() for m in measures):
        errors["measures"] = MEASURE_NEEDS_DATE
    elif not measures and not no_measures_reason.strip():
        errors["measures"] = NEEDS_MEASURES
    if errors:
        raise ValidationError(errors)
    decided_on = decided_on or timezone.localdate()
    judgment = Judgment.objects.create(
        feedback=feedback,
        outcome=outcome,
        reasoning=reasoning.strip(),
        no_measures_reason=no_measures_reason.strip(),
        by_committee=by_committee,
        decided_on=decided_on,
        measures_due=rules.committee_measures_due(decided_on) if by_committee else None,
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
    feedback.answered_at = timezone.now()
    _move(
        feedback,
        "judge",
        by=by,
        event_kind=Event.Kind.JUDGED,
        text=f"Oordeel: {judgment.get_outcome_display()}.",
        fields=["answered_at"],
    )
    return judgment


def _close(feedback: Feedback, action: str, reason: str, *, by: User | None, text: str) -> None:
    feedback.closed_at = timezone.now()
    feedback.closure_reason = reason
    _move(
        feedback,
        action,
        by=by,
        event_kind=Event.Kind.WITHDRAWN if action == "withdraw" else Event.Kind.CLOSED,
        text=text,
        fields=["closed_at", "closure_reason"],
    )


@transaction.atomic
def feedback_close(*, feedback_id: int, by: User) -> Feedback:
    """answered -> closed: the judged complaint is officially closed."""
    feedback = _lock(feedback_id)
    _close(feedback, "close", ClosureReason.JUDGED, by=by, text="Uw klantreactie is afgesloten.")
    return feedback


@transaction.atomic
def feedback_resolve(*, feedback_id: int, reason: str, text: str, by: User) -> Feedback:
    """Close without a judgment (LEGAL.md H5): solved, not admissible, forwarded, or handled
    (a suggestion, compliment or signal passed to the location's team)."""
    if reason not in RESOLVE_REASONS:
        raise ValidationError({"reason": BAD_RESOLVE_REASON})
    if not text.strip():
        raise ValidationError({"text": NEEDS_TEXT})
    feedback = _lock(feedback_id)
    _close(feedback, "resolve", reason, by=by, text=text.strip())
    return feedback


@transaction.atomic
def feedback_withdraw(*, feedback_id: int, text: str, by: User | None) -> Feedback:
    """The parent withdraws the klantreactie; the dossier closes as withdrawn."""
    feedback = _lock(feedback_id)
    _close(
        feedback,
        "withdraw",
        ClosureReason.WITHDRAWN,
        by=by,
        text=text.strip() or "De klantreactie is ingetrokken.",
    )
    return feedback


@transaction.atomic
def feedback_start_meldcode(*, feedback_id: int, text: str, by: User) -> Feedback:
    """Move to the restricted meldcode route; the ordinary procedure stops (LEGAL.md M1, M4)."""
    feedback = _lock(feedback_id)
    feedback.is_restricted = True
    _move(
        feedback,
        "start_meldcode",
        by=by,
        event_kind=Event.Kind.MELDCODE,
        text=text.strip(),
        visible=False,
        fields=["is_restricted"],
    )
    return feedback


@transaction.atomic
def feedback_close_meldcode(*, feedback_id: int, text: str, by: User) -> Feedback:
    """End the meldcode route: the dossier closes with closure reason `meldcode`."""
    feedback = _lock(feedback_id)
    feedback.closed_at = timezone.now()
    feedback.closure_reason = ClosureReason.MELDCODE
    _move(
        feedback,
        "close_meldcode",
        by=by,
        event_kind=Event.Kind.CLOSED,
        text=text.strip(),
        visible=False,
        fields=["closed_at", "closure_reason"],
    )
    return feedback


@transaction.atomic
def feedback_reopen(*, feedback_id: int, reason: str, by: User) -> Feedback:
    """closed -> in_progress: new facts after closing. Meldcode dossiers stay closed."""
    feedback = _lock(feedback_id)
    if feedback.closure_reason == ClosureReason.MELDCODE:
        raise ValidationError(MELDCODE_NO_REOPEN)
    if not reason.strip():
        raise ValidationError({"reason": NEEDS_TEXT})
    feedback.closed_at = None
    feedback.closure_reason = ""
    _move(
        feedback,
        "reopen",
        by=by,
        event_kind=Event.Kind.REOPENED,
        text=reason.strip(),
        fields=["closed_at", "closure_reason"],
    )
    return feedback


# --- timeline entries that do not change the status --------------------------------------


@transaction.atomic
def feedback_log_contact(
    *, feedback_id: int, by: User, channel: str, on: date, summary: str
) -> Event:
    """Record a contact or investigation step (phone, meeting, mail) with date and summary."""
    if not summary.strip():
        raise ValidationError({"summary": "Schrijf kort op wat er is besproken."})
    feedback = _lock(feedback_id)
    return _event(
        feedback,
        Event.Kind.CONTACT,
        by=by,
        text=summary.strip(),
        contact_channel=channel,
        contact_on=on,
    )


@transaction.atomic
def feedback_add_note(*, feedback_id: int, by: User, text: str) -> Event:
    """An internal note: never shown to the parent."""
    if not text.strip():
        raise ValidationError({"text": "Schrijf een notitie."})
    return _event(_lock(feedback_id), Event.Kind.NOTE, by=by, text=text.strip())


@transaction.atomic
def feedback_share_message(*, feedback_id: int, by: User, text: str) -> Event:
    """A progress message for the parent: on the status page and by mail (LEGAL.md H2)."""
    if not text.strip():
        raise ValidationError({"text": "Schrijf een bericht."})
    feedback = _lock(feedback_id)
    event = _event(feedback, Event.Kind.MESSAGE, by=by, text=text.strip(), visible=True)
    _tell_parent(feedback, event.text)
    return event


@transaction.atomic
def feedback_rate(*, feedback_id: int, satisfaction: int, comment: str = "") -> Feedback:
    """The parent rates the handling after closing (1–5 and a comment)."""
    feedback = _lock(feedback_id)
    if feedback.status != Status.CLOSED:
        raise ValidationError(RATING_NOT_CLOSED)
    if not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": RATING_RANGE})
    feedback.satisfaction, feedback.satisfaction_comment = satisfaction, comment.strip()
    feedback.save(update_fields=["satisfaction", "satisfaction_comment"])
    _event(feedback, Event.Kind.RATED, by=None, text=f"Cijfer {satisfaction}.")
    return feedback


@transaction.atomic
def feedback_set_report_texts(
    *, feedback_id: int, by: User, summary: str, handling: str
) -> Feedback:
    """The anonymised description and handling for the annual report's appendix."""
    feedback = _lock(feedback_id)
    feedback.report_summary, feedback.report_handling = summary.strip(), handling.strip()
    feedback.save(update_fields=["report_summary", "report_handling"])
    _event(feedback, Event.Kind.CHANGED, by=by, text="Teksten voor het jaarverslag bijgewerkt.")
    return feedback


# --- things beside the dossier -----------------------------------------------------------


@transaction.atomic
def situation_link(
    *, feedback_ids: Sequence[int], title: str, by: User, note: str = ""
) -> Situation:
    """Link klantreacties as one situation (or add them to the situation one already has)."""
    if len(set(feedback_ids)) < 2:
        raise ValidationError(SITUATION_TOO_FEW)
    dossiers = list(Feedback.objects.select_for_update().filter(pk__in=feedback_ids))
    situation = next((f.situation for f in dossiers if f.situation_id), None)
    if situation is None:
        situation = Situation.objects.create(title=title.strip(), note=note.strip())
    for feedback in dossiers:
        if feedback.situation_id != situation.pk:
            feedback.situation = situation
            feedback.save(update_fields=["situation"])
            _event(feedback, Event.Kind.SITUATION, by=by, text=situation.title)
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
) -> Escalation:
    """Record an escalation or dispute, at any point, also after closing."""
    if ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": ESCALATION_DATES})
    feedback = _lock(feedback_id)
    escalation = Escalation.objects.create(
        feedback=feedback,
        body=body,
        started_on=started_on,
        ended_on=ended_on,
        result=result,
        is_binding=is_binding,
        summary=summary.strip(),
    )
    _event(feedback, Event.Kind.ESCALATION, by=by, text=escalation.get_body_display())
    return escalation


@transaction.atomic
def escalation_end(
    *, escalation_id: int, by: User, ended_on: date, result: str, is_binding: bool
) -> Escalation:
    """Record the end and outcome of an escalation (a binding ruling for a dispute)."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation_id)
    if ended_on < escalation.started_on:
        raise ValidationError({"ended_on": ESCALATION_DATES})
    escalation.ended_on, escalation.result, escalation.is_binding = ended_on, result, is_binding
    escalation.save(update_fields=["ended_on", "result", "is_binding"])
    _event(
        escalation.feedback,
        Event.Kind.ESCALATION,
        by=by,
        text=f"{escalation.get_body_display()}: {escalation.get_result_display()}",
    )
    return escalation


@transaction.atomic
def measure_complete(*, measure_id: int, done_on: date, by: User) -> Measure:
    """Mark a measure done."""
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    measure.done_at = done_on
    measure.save(update_fields=["done_at"])
    _event(
        measure.feedback,
        Event.Kind.CHANGED,
        by=by,
        text=f"Maatregel afgerond: {measure.description}",
    )
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


# --- the parent's own actions ------------------------------------------------------------

PARENT_INFO_CLOSED = (
    "Uw klantreactie is afgesloten. Wilt u nog iets laten weten? Neem dan contact met ons op."
)
PARENT_INFO_EMPTY = "Schrijf op wat u wilt toevoegen."


@dataclass(frozen=True)
class ParentFile:
    """A file from the parent, already checked by content (see intake/uploads.py)."""

    name: str
    content_type: str
    file: object  # a django.core.files.File, open for reading


def _parent_documents_store(feedback: Feedback, files: Sequence[ParentFile]) -> list:
    """Store the parent's files as attachments of the dossier (never shown back to others)."""
    import secrets

    from django.core.files.base import ContentFile

    from klachtwijs.feedback.models import Document

    extensions = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    documents = []
    for parent_file in files:
        parent_file.file.seek(0)
        content = parent_file.file.read()
        document = Document(
            feedback=feedback,
            kind=Document.Kind.ATTACHMENT,
            filename=parent_file.name[:200],
            content_type=parent_file.content_type,
            size=len(content),
            visible_to_parent=False,
        )
        # A random stored name: the parent's file name is kept only as display name.
        stored = f"{secrets.token_hex(16)}.{extensions.get(parent_file.content_type, 'bin')}"
        document.file.save(stored, ContentFile(content), save=True)
        documents.append(document)
    return documents


@transaction.atomic
def feedback_attach_parent_files(*, feedback_id: int, files: Sequence[ParentFile]) -> list:
    """The attachments sent with the form, stored in the dossier with one timeline entry."""
    if not files:
        return []
    feedback = _lock(feedback_id)
    documents = _parent_documents_store(feedback, files)
    names = ", ".join(d.filename for d in documents)
    _event(feedback, Event.Kind.DOCUMENT, by=None, text=f"Bijlagen van de ouder: {names}")
    return documents


@transaction.atomic
def feedback_add_parent_info(
    *, feedback_id: int, text: str, attachments: Sequence[ParentFile] = ()
) -> Event:
    """The parent adds information through the status page: it lands in the timeline (the
    parent sees it too), the files in the dossier, and the handler is told by mail."""
    if not text.strip():
        raise ValidationError({"text": PARENT_INFO_EMPTY})
    feedback = _lock(feedback_id)
    if feedback.status == Status.CLOSED:
        raise ValidationError(PARENT_INFO_CLOSED)
    documents = _parent_documents_store(feedback, attachments)
    event_text = text.strip()
    if documents:
        event_text += "\n\nBijlagen: " + ", ".join(d.filename for d in documents)
    event = _event(feedback, Event.Kind.PARENT_INFO, by=None, text=event_text, visible=True)
    handler_email = feedback.handler.email if feedback.handler_id else ""
    recipients = [handler_email] if handler_email else _staff_notice_recipients(feedback)
    context = {
        "feedback": feedback,
        "organisation": organisation_get(),
        "dossier_url": dossier_url(feedback.pk),
        "attachments": len(documents),
    }
    for email in recipients:
        message_queue(kind="parent_info_notice", to=email, context=context, feedback=feedback)
    return event


# --- back office: meldcode, letters and team ---------------------------------------------

MELDCODE_NOT_STARTED = "Deze klantreactie volgt de meldcoderoute niet."
MELDCODE_STEPS_MISSING = "Leg eerst deze stappen vast: {steps}."
NOTHING_TO_SEND = "Dit oordeel is al verstuurd."
NO_PARENT_EMAIL = "Er is geen e-mailadres van de ouder. Stuur de brief per post."
TEAM_SHARE_KIND = "Alleen een compliment of verbeterpunt kan met het team worden gedeeld."
TEAM_SHARE_STATUS = "Registreer de klantreactie eerst."
TEAM_NO_ADDRESS = "Er is niemand van deze vestiging met een e-mailadres."
NOT_A_COMMITTEE_JUDGMENT = "Maatregelen achteraf kunnen alleen bij een oordeel van de commissie."
MEASURES_REQUIRED = "Geef minstens één maatregel met een eigenaar en een datum."


def meldcode_required_steps(*, feedback: Feedback) -> list[str]:
    """The steps that must be recorded before the meldcode route may end.

    The five steps of the meldcode (Besluit verplichte meldcode art. 2, LEGAL.md M1); when the
    suspicion is about an employee, consulting the vertrouwensinspecteur without delay as well
    (Wko 1.51b, Jeugdwet 4.1.8, M2). A police report only follows a reasonable suspicion, so it
    is offered, not required.
    """
    from klachtwijs.feedback.models import MeldcodeStep

    steps = [
        MeldcodeStep.Step.SIGNALS,
        MeldcodeStep.Step.CONSULT,
        MeldcodeStep.Step.PARENT_TALK,
        MeldcodeStep.Step.WEIGH,
        MeldcodeStep.Step.DECIDE,
    ]
    if feedback.concerned_employee_id:
        steps.insert(0, MeldcodeStep.Step.INSPECTOR)
    return steps


@transaction.atomic
def meldcode_start(
    *, feedback_id: int, text: str, by: User, concerned_employee: User | None = None
) -> Feedback:
    """Start the meldcode route and record whom the suspicion is about (LEGAL.md M1, M2).

    The employee concerned never sees the dossier again (`access.feedback_visible`).
    """
    feedback = feedback_start_meldcode(feedback_id=feedback_id, text=text, by=by)
    if concerned_employee is not None:
        feedback.concerned_employee = concerned_employee
        feedback.save(update_fields=["concerned_employee"])
    return feedback


@transaction.atomic
def meldcode_step_record(
    *, feedback_id: int, step: str, at: datetime, decision: str, by: User
) -> object:
    """Record one step of the meldcode with its moment, decision and who decided (M1-M3)."""
    from klachtwijs.feedback.models import MeldcodeStep

    feedback = _lock(feedback_id)
    if feedback.status != Status.MELDCODE:
        raise ValidationError(MELDCODE_NOT_STARTED)
    if not decision.strip():
        raise ValidationError({"decision": "Schrijf het besluit of de uitkomst op."})
    if step not in MeldcodeStep.Step.values:
        raise ValidationError({"step": "Kies een stap."})
    record = MeldcodeStep.objects.create(
        feedback=feedback, step=step, at=at, decision=decision.strip(), by=by
    )
    _event(feedback, Event.Kind.MELDCODE, by=by, text=f"{record.get_step_display()} vastgelegd.")
    return record


@transaction.atomic
def meldcode_close(*, feedback_id: int, text: str, by: User) -> Feedback:
    """End the meldcode route once every required step is recorded (LEGAL.md M1, M2)."""
    feedback = _lock(feedback_id)
    done = set(feedback.meldcode_steps.values_list("step", flat=True))
    missing = [s for s in meldcode_required_steps(feedback=feedback) if s not in done]
    if missing:
        labels = ", ".join(str(s.label) for s in missing)
        raise ValidationError(MELDCODE_STEPS_MISSING.format(steps=labels), code="steps_missing")
    return feedback_close_meldcode(feedback_id=feedback_id, text=text, by=by)


def _letter_context(feedback: Feedback, **extra: object) -> dict[str, object]:
    from klachtwijs.intake.routes import routes_for

    return {
        "feedback": feedback,
        "organisation": organisation_get(),
        "routes": routes_for(feedback.framework),
        "today": timezone.localdate(),
        **extra,
    }


@transaction.atomic
def feedback_send_judgment(*, judgment_id: int, by: User) -> Judgment:
    """Send the written judgment: the letter as PDF in the dossier, visible to the parent, and
    by mail with the PDF attached (LEGAL.md H3, H4, H7). Once per judgment."""
    from klachtwijs.feedback.letters import letter_store
    from klachtwijs.feedback.models import Document

    judgment = Judgment.objects.select_for_update().get(pk=judgment_id)
    if judgment.sent_at is not None:
        raise ValidationError(NOTHING_TO_SEND)
    feedback = _lock(judgment.feedback_id)
    measures = list(judgment.measures.select_related("owner").order_by("due_date", "pk"))
    context = _letter_context(feedback, judgment=judgment, measures=measures)
    document = letter_store(
        feedback=feedback,
        kind=Document.Kind.JUDGMENT,
        template="letters/judgment.html",
        context=context,
        visible_to_parent=True,
    )
    judgment.sent_at = timezone.now()
    judgment.save(update_fields=["sent_at"])
    _event(
        feedback,
        Event.Kind.DOCUMENT,
        by=by,
        visible=True,
        text="De brief met ons oordeel is verstuurd.",
    )
    if feedback.submitter_email:
        message_queue(
            kind="judgment",
            to=feedback.submitter_email,
            feedback=feedback,
            context={**context, "status_url": link_new(feedback)},
            attachment_ids=[document.pk],
        )
    return judgment


@transaction.atomic
def feedback_judge_and_send(*, feedback_id: int, by: User, **judgment: object) -> Judgment:
    """Write the judgment and send its letter in one transaction: both happen, or neither."""
    written = feedback_judge(feedback_id=feedback_id, by=by, **judgment)
    return feedback_send_judgment(judgment_id=written.pk, by=by)


@transaction.atomic
def judgment_add_measures(
    *, judgment_id: int, measures: Sequence[MeasureInput], by: User
) -> list[Measure]:
    """The measures taken after the Jeugdwet committee's judgment, within a month
    (Jeugdwet 4.2.1 lid 5, LEGAL.md T3). The parent sees them on the status page."""
    judgment = Judgment.objects.select_for_update().get(pk=judgment_id)
    if not judgment.by_committee:
        raise ValidationError(NOT_A_COMMITTEE_JUDGMENT)
    if not measures or any(
        m.due_date is None or m.owner is None or not m.description.strip() for m in measures
    ):
        raise ValidationError({"measures": MEASURES_REQUIRED})
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
    feedback = judgment.feedback
    event = _event(
        feedback,
        Event.Kind.CHANGED,
        by=by,
        visible=True,
        text=f"Maatregelen na het oordeel van de klachtencommissie: {lines}",
    )
    _tell_parent(feedback, event.text)  # told in writing (Jeugdwet 4.2.1 lid 5)
    return created


@transaction.atomic
def feedback_extend_with_notice(
    *, feedback_id: int, until: date, reason: str, by: User
) -> Feedback:
    """Extend the term and send the written, reasoned notice: a PDF letter in the dossier and a
    mail to the parent (Wkkgz art. 17 lid 2, Jeugdwet 4.2.1 lid 2 d; never under the Wko)."""
    from klachtwijs.feedback.letters import letter_store
    from klachtwijs.feedback.models import Document

    feedback = feedback_extend(feedback_id=feedback_id, until=until, reason=reason, by=by)
    context = _letter_context(feedback, reason=reason.strip(), until=feedback.extended_until)
    document = letter_store(
        feedback=feedback,
        kind=Document.Kind.EXTENSION,
        template="letters/extension.html",
        context=context,
        visible_to_parent=True,
    )
    if feedback.submitter_email:
        message_queue(
            kind="extension",
            to=feedback.submitter_email,
            feedback=feedback,
            context={**context, "status_url": link_new(feedback)},
            attachment_ids=[document.pk],
        )
    return feedback


def _team_emails(feedback: Feedback) -> list[str]:
    location = feedback.location
    people = User.objects.filter(is_active=True).filter(
        Q(locations=location) | Q(managed_locations=location)
    )
    return sorted(set(people.exclude(email="").values_list("email", flat=True)))


@transaction.atomic
def feedback_share_with_team(*, feedback_id: int, text: str, by: User) -> Event:
    """Pass a compliment or improvement point to the location's team by mail (DESIGN §3:
    the same machine with fewer steps). The parent sees that it was shared."""
    feedback = _lock(feedback_id)
    if feedback.kind not in (Kind.COMPLIMENT, Kind.SUGGESTION):
        raise ValidationError(TEAM_SHARE_KIND)
    if feedback.status in (Status.RECEIVED, Status.MELDCODE):
        raise ValidationError(TEAM_SHARE_STATUS)
    recipients = _team_emails(feedback)
    if not recipients:
        raise ValidationError(TEAM_NO_ADDRESS)
    context = {"feedback": feedback, "text": text.strip(), "organisation": organisation_get()}
    for email in recipients:
        message_queue(kind="team_share", to=email, context=context, feedback=feedback)
    what = "compliment" if feedback.kind == Kind.COMPLIMENT else "verbeterpunt"
    return _event(
        feedback,
        Event.Kind.MESSAGE,
        by=by,
        visible=True,
        text=f"Uw {what} is gedeeld met het team van {feedback.location.name}.",
    )


# --- privacy: retention and data-subject rights ------------------------------------------

ANONYMISED_TEXT = "[verwijderd: persoonsgegevens]"
ANONYMISED_MEASURE = "[maatregel: tekst verwijderd, kon namen bevatten]"
ANONYMISED_EVENT = "Persoonsgegevens verwijderd; de cijfers blijven bewaard."


@transaction.atomic
def feedback_anonymise(*, feedback_id: int, by: User | None = None) -> Feedback:
    """Remove the personal data of a dossier and keep what the figures need (LEGAL.md P2).

    Removed: the parent's name and contact details, children, every free text (description,
    wishes, timeline texts, reasoning, measures, rating comment), documents with their files,
    private links and the mails in the outbox. Kept: kind, category, location, service, dates,
    status, outcome, measure dates and the anonymised report texts. Idempotent. The caller
    decides whether the dossier may be anonymised (see `core.retention`).
    """
    from klachtwijs.feedback.models import Document, ParentLink
    from klachtwijs.notifications.models import OutboxMessage

    feedback = _lock(feedback_id)
    if feedback.anonymised_at is not None:
        return feedback
    feedback.description = ANONYMISED_TEXT
    feedback.desired_outcome = feedback.satisfaction_comment = ""
    feedback.submitter_name = feedback.submitter_email = feedback.submitter_phone = ""
    feedback.children = []
    feedback.concerned_employee = None
    feedback.submission_key = None
    feedback.anonymised_at = timezone.now()
    feedback.save(
        update_fields=[
            "description",
            "desired_outcome",
            "satisfaction_comment",
            "submitter_name",
            "submitter_email",
            "submitter_phone",
            "children",
            "concerned_employee",
            "submission_key",
            "anonymised_at",
        ]
    )
    # Timeline texts may quote the parent or name people; kind, time and statuses stay.
    feedback.events.exclude(text="").update(text=ANONYMISED_TEXT)
    Judgment.objects.filter(feedback=feedback).update(
        reasoning=ANONYMISED_TEXT, no_measures_reason=""
    )
    Measure.objects.filter(feedback=feedback).update(description=ANONYMISED_MEASURE)
    documents = Document.objects.filter(feedback=feedback)
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    documents.delete()
    # Files go only once the transaction stands, so a rollback never loses a file.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    ParentLink.objects.filter(feedback=feedback).delete()
    # The mails hold the address and the texts; what was sent is no longer needed.
    OutboxMessage.objects.filter(feedback=feedback).delete()
    _event(feedback, Event.Kind.CHANGED, by=by, text=ANONYMISED_EVENT)
    return feedback
