"""Shared pieces of the dossier services: error texts, inputs, and the helpers that lock a
dossier, write its events and move its status (the only place `status` is assigned)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback import rules, webhooks, workflow
from klachtwijs.feedback.models import (
    ClosureReason,
    Event,
    Feedback,
    Kind,
    ReferenceCounter,
)
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Service, User
from klachtwijs.organisation.selectors import organisation_get

SERVICE_NOT_AT_LOCATION = gettext_noop("Deze dienst wordt niet gegeven op de gekozen vestiging.")
NEEDS_CONTACT = gettext_noop(
    "Leg eerst minstens één contact of onderzoeksstap vast. Een oordeel kan pas na zorgvuldig "
    "onderzoek."
)
NEEDS_MEASURES = gettext_noop(
    "Geef minstens één maatregel met een datum, of schrijf op waarom er geen zijn."
)
MEASURE_NEEDS_DATE = gettext_noop("Elke maatregel heeft een eigenaar en een concrete datum nodig.")
MEASURE_OWNER = gettext_noop("Kies als eigenaar iemand die dit dossier mag behandelen.")
NEEDS_TEXT = gettext_noop("Schrijf op waarom.")
HANDLER_NOT_ACTIVE = gettext_noop("Deze medewerker kan geen dossiers behandelen.")
RESOLVE_REASONS = frozenset(
    {
        ClosureReason.SOLVED,
        ClosureReason.NOT_ADMISSIBLE,
        ClosureReason.FORWARDED,
        ClosureReason.HANDLED,
    }
)
BAD_RESOLVE_REASON = gettext_noop("Kies een reden om af te sluiten.")
RATING_RANGE = gettext_noop("Kies een cijfer van 1 tot en met 5.")
RATING_NOT_CLOSED = gettext_noop("U kunt pas een cijfer geven als uw klantreactie is afgesloten.")
SITUATION_TOO_FEW = gettext_noop(
    "Kies minstens twee klantreacties om als één situatie te koppelen."
)
ESCALATION_DATES = gettext_noop("De einddatum ligt vóór de begindatum.")
# Dates and moments a person states: what happened cannot lie after the moment it is recorded,
# and what is still to be done cannot lie before it.
DATE_IN_FUTURE = gettext_noop("De datum ligt in de toekomst.")
MOMENT_IN_FUTURE = gettext_noop("Dit moment ligt in de toekomst.")
DUE_IN_PAST = gettext_noop("Kies een datum in de toekomst.")


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


def _lock(feedback_id: int, action: str | None = None) -> Feedback:
    """Lock the dossier's row; with `action`, refuse what `workflow` does not allow now."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback_id)
    if action is not None:
        workflow.check(feedback, action)
    return feedback


def _now(at: datetime | None) -> datetime:
    """The moment of the action: given by the caller (an import, the demo), else now."""
    return at or timezone.now()


def _measure_errors(
    feedback: Feedback, measures: Sequence[MeasureInput], at: datetime
) -> dict[str, str]:
    """Field errors of the measures: each needs a description, an owner who may handle this
    dossier (`access.may_handle`) and a concrete date (LEGAL.md H4) that is not before the day
    they are decided. Keyed `measures.<i>.<field>` (the API's nesting; the web puts them next
    to the measure's field)."""
    errors: dict[str, str] = {}
    today = timezone.localdate(at)
    for index, m in enumerate(measures):
        if m.due_date is None or m.owner is None or not m.description.strip():
            errors["measures"] = gettext(MEASURE_NEEDS_DATE)
            continue
        if m.due_date < today:
            errors[f"measures.{index}.due_date"] = gettext(DUE_IN_PAST)
        if not access.may_handle(m.owner, feedback):
            errors[f"measures.{index}.owner"] = gettext(MEASURE_OWNER)
    return errors


def _event(
    feedback: Feedback,
    kind: str,
    *,
    by: User | None,
    at: datetime | None = None,
    text: str = "",
    visible: bool = False,
    from_status: str = "",
    to_status: str = "",
    action: str = "",
    **extra: object,
) -> Event:
    """Write a timeline entry. With `action` (the workflow's action this entry records, or
    `receive`) it is also the one place the action's webhooks are queued, in the same
    transaction (`feedback.webhooks`), whichever door called the service."""
    event = Event.objects.create(
        feedback=feedback,
        at=_now(at),
        actor=by,
        kind=kind,
        text=text,
        visible_to_parent=visible,
        from_status=from_status,
        to_status=to_status,
        **extra,
    )
    if action:
        webhooks.event_fire(feedback, action, event)
    return event


def _move(
    feedback: Feedback,
    action: str,
    *,
    by: User | None,
    event_kind: str,
    at: datetime | None = None,
    text: str = "",
    visible: bool = True,
    fields: Sequence[str] = (),
) -> Event:
    """Check the move against the table, apply it with `fields`, and write its event."""
    transition = workflow.check(feedback, action)
    before = feedback.status
    if transition.target is not None:
        feedback.status = transition.target
    feedback.save(update_fields=["status", *fields])
    return _event(
        feedback,
        event_kind,
        by=by,
        at=at,
        text=text,
        visible=visible,
        from_status=before,
        to_status=feedback.status,
        action=action,
    )


def _tell_parent(feedback: Feedback, text: str, *, at: datetime | None = None) -> None:
    """Mail the parent a message with a fresh private link (when we have an address)."""
    if feedback.submitter_email:
        message_queue(
            kind="message",
            to=feedback.submitter_email,
            feedback=feedback,
            at=at,
            context={
                "feedback": feedback,
                "text": text,
                "organisation": organisation_get(),
                "status_url": link_new(feedback, at=at),
            },
        )


def _reference_next(year: int) -> str:
    """The next dossier number of `year` (e.g. 2025-0007), under a row lock.

    One statement (PostgreSQL and SQLite): the counter's row is made or raised and read at
    once, and stays locked until the dossier commits, so numbers never repeat."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("year", "last") VALUES (%s, 1) '  # noqa: S608 - our own table
            f'ON CONFLICT ("year") DO UPDATE SET "last" = {table}."last" + 1 RETURNING "last"',
            [year],
        )
        (last,) = cursor.fetchone()
    return f"{year}-{last:04d}"


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
    prefetched = getattr(location, "_prefetched_objects_cache", {}).get("services")
    if prefetched is not None:  # the form read them already: no second query
        offered = any(s.pk == service.pk for s in prefetched)
    else:
        offered = location.services.filter(pk=service.pk).exists()
    if not offered:
        raise ValidationError({"service": gettext(SERVICE_NOT_AT_LOCATION)})


def _staff_notice_recipients(feedback: Feedback) -> list[str]:
    """Who hears of a new dossier: decided by `access.recipients` (LEGAL.md M2)."""
    return access.recipients(access.TOLD_NEW_DOSSIER, feedback)
