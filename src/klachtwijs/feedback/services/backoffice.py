"""Back office: the meldcode checklist, judgment and extension letters, sharing with the team."""

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback.models import (
    Event,
    Feedback,
    Judgment,
    Kind,
    Measure,
    Status,
)
from klachtwijs.feedback.services._base import (
    MeasureInput,
    _event,
    _lock,
    _tell_parent,
)
from klachtwijs.feedback.services.dossier import (
    feedback_close_meldcode,
    feedback_extend,
    feedback_judge,
    feedback_start_meldcode,
)
from klachtwijs.feedback.tokens import link_new
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User
from klachtwijs.organisation.selectors import organisation_get

MELDCODE_NOT_STARTED = gettext_noop("Deze klantreactie volgt de meldcoderoute niet.")
MELDCODE_STEPS_MISSING = gettext_noop("Leg eerst deze stappen vast: %(steps)s.")
NOTHING_TO_SEND = gettext_noop("Dit oordeel is al verstuurd.")
NO_PARENT_EMAIL = gettext_noop("Er is geen e-mailadres van de ouder. Stuur de brief per post.")
TEAM_SHARE_KIND = gettext_noop(
    "Alleen een compliment of verbeterpunt kan met het team worden gedeeld."
)
TEAM_SHARE_STATUS = gettext_noop("Registreer de klantreactie eerst.")
TEAM_NO_ADDRESS = gettext_noop("Er is niemand van deze vestiging met een e-mailadres.")
NOT_A_COMMITTEE_JUDGMENT = gettext_noop(
    "Maatregelen achteraf kunnen alleen bij een oordeel van de commissie."
)
MEASURES_REQUIRED = gettext_noop("Geef minstens één maatregel met een eigenaar en een datum.")


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
        raise ValidationError(gettext(MELDCODE_NOT_STARTED))
    if not decision.strip():
        raise ValidationError({"decision": gettext("Schrijf het besluit of de uitkomst op.")})
    if step not in MeldcodeStep.Step.values:
        raise ValidationError({"step": gettext("Kies een stap.")})
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
        raise ValidationError(
            gettext(MELDCODE_STEPS_MISSING) % {"steps": labels}, code="steps_missing"
        )
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
        raise ValidationError(gettext(NOTHING_TO_SEND))
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
        raise ValidationError(gettext(NOT_A_COMMITTEE_JUDGMENT))
    if not measures or any(
        m.due_date is None or m.owner is None or not m.description.strip() for m in measures
    ):
        raise ValidationError({"measures": gettext(MEASURES_REQUIRED)})
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
    """The location's team and manager: decided by `access.recipients` (LEGAL.md M2)."""
    return access.recipients(access.TOLD_TEAM, feedback)


@transaction.atomic
def feedback_share_with_team(*, feedback_id: int, text: str, by: User) -> Event:
    """Pass a compliment or improvement point to the location's team by mail (DESIGN §3:
    the same machine with fewer steps). The parent sees that it was shared."""
    feedback = _lock(feedback_id)
    if feedback.kind not in (Kind.COMPLIMENT, Kind.SUGGESTION):
        raise ValidationError(gettext(TEAM_SHARE_KIND))
    if feedback.status in (Status.RECEIVED, Status.MELDCODE):
        raise ValidationError(gettext(TEAM_SHARE_STATUS))
    recipients = _team_emails(feedback)
    if not recipients:
        raise ValidationError(gettext(TEAM_NO_ADDRESS))
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
