"""Back office: the meldcode route and sharing with the team."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback.models import Event, Feedback, MeldcodeStep
from klachtwijs.feedback.services._base import MOMENT_IN_FUTURE, _event, _lock, _now
from klachtwijs.feedback.services.dossier import _meldcode_enter, _meldcode_leave
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import User
from klachtwijs.organisation.selectors import organisation_get

MELDCODE_STEPS_MISSING = gettext_noop("Leg eerst deze stappen vast: %(steps)s.")
CONCERNED_UNKNOWN = gettext_noop("Kies een medewerker met een actief account.")
CONCERNED_SAME = gettext_noop("Deze medewerker is al vastgelegd als betrokken medewerker.")
NOT_THE_DECIDER = gettext_noop(
    "Alleen %(decider)s mag het besluit over een melding bij Veilig Thuis vastleggen: die is "
    "door de organisatie aangewezen als beslisser in de meldcoderoute."
)
NOT_A_DECIDER = gettext_noop("U mag het besluit in deze meldcoderoute niet vastleggen.")
TEAM_NO_ADDRESS = gettext_noop("Er is niemand van deze vestiging met een e-mailadres.")


def meldcode_required_steps(*, feedback: Feedback) -> list[str]:
    """The steps that must be recorded before the meldcode route may end.

    The five steps of the meldcode (Besluit verplichte meldcode art. 2, LEGAL.md M1); when the
    suspicion is about an employee, consulting the vertrouwensinspecteur without delay as well
    (Wko 1.51b, Jeugdwet 4.1.8, M2). A police report only follows a reasonable suspicion, so it
    is offered, not required.
    """
    steps = [
        MeldcodeStep.Step.SIGNALS,
        MeldcodeStep.Step.CONSULT,
        MeldcodeStep.Step.PARENT_TALK,
        MeldcodeStep.Step.WEIGH,
        MeldcodeStep.Step.DECIDE,
    ]
    if feedback.concerned_employee_id:
        steps.insert(0, MeldcodeStep.Step.INSPECTOR)
    if feedback.framework == LegalFramework.JEUGDWET:
        steps.append(MeldcodeStep.Step.IGJ)
    return steps


@transaction.atomic
def meldcode_start(
    *,
    feedback_id: int,
    text: str,
    by: User,
    concerned_employee: User | None = None,
    at: datetime | None = None,
) -> Feedback:
    """Start the meldcode route and record whom the suspicion is about (LEGAL.md M1, M2).

    The employee concerned never sees the dossier again (`access.feedback_visible`); it is
    someone `access.concerned_candidates` offers.
    """
    if concerned_employee is not None and not (
        access.concerned_candidates().filter(pk=concerned_employee.pk).exists()
    ):
        raise ValidationError({"concerned_employee": gettext(CONCERNED_UNKNOWN)})
    feedback = _meldcode_enter(feedback_id=feedback_id, text=text, by=by, at=_now(at))
    if concerned_employee is not None:
        feedback.concerned_employee = concerned_employee
        feedback.save(update_fields=["concerned_employee"])
    return feedback


@transaction.atomic
def meldcode_step_record(
    *, feedback_id: int, step: str, at: datetime, decision: str, by: User
) -> MeldcodeStep:
    """Record one step of the meldcode with its moment, decision and who decided (M1-M3).
    The moment is when the step was taken: not in the future. The decision about a report to
    Veilig Thuis (step 5) only by whom the organisation named (`access.may_decide_meldcode`,
    Besluit verplichte meldcode art. 2, LEGAL.md M1)."""
    feedback = _lock(feedback_id, "meldcode")
    errors: dict[str, str] = {}
    if not decision.strip():
        errors["decision"] = gettext("Schrijf het besluit of de uitkomst op.")
    if step not in MeldcodeStep.Step.values:
        errors["step"] = gettext("Kies een stap.")
    if at > timezone.now():
        errors["at"] = gettext(MOMENT_IN_FUTURE)
    if step == MeldcodeStep.Step.DECIDE and not access.may_decide_meldcode(by, feedback):
        decider = access.meldcode_decider(feedback)
        errors["step"] = (
            gettext(NOT_THE_DECIDER) % {"decider": decider}
            if decider is not None
            else gettext(NOT_A_DECIDER)
        )
    if errors:
        raise ValidationError(errors)
    record = MeldcodeStep.objects.create(
        feedback=feedback, step=step, at=at, decision=decision.strip(), by=by
    )
    _event(
        feedback,
        Event.Kind.MELDCODE,
        by=by,
        at=at,
        text=f"{record.get_step_display()} vastgelegd.",
    )
    return record


@transaction.atomic
def meldcode_concerned_set(
    *, feedback_id: int, concerned_employee: User, by: User, at: datetime | None = None
) -> Feedback:
    """Name, or change, the employee a suspicion is about once the route has started
    (LEGAL.md M2). From this moment they see, count, handle and are told nothing of the
    dossier (`access`); when they were its handler, the dossier no longer has one. Someone
    named before and no longer concerned sees the dossier again as their role allows."""
    feedback = _lock(feedback_id, "meldcode_concerned")
    if not access.concerned_candidates().filter(pk=getattr(concerned_employee, "pk", None)):
        raise ValidationError({"concerned_employee": gettext(CONCERNED_UNKNOWN)})
    if feedback.concerned_employee_id == concerned_employee.pk:
        raise ValidationError({"concerned_employee": gettext(CONCERNED_SAME)})
    text = (
        "De betrokken medewerker is gewijzigd."
        if feedback.concerned_employee_id
        else "De betrokken medewerker is vastgelegd."
    )
    feedback.concerned_employee = concerned_employee
    fields = ["concerned_employee"]
    if feedback.handler_id == concerned_employee.pk:
        feedback.handler = None
        fields.append("handler")
        text += " Het dossier heeft geen behandelaar meer."
    feedback.save(update_fields=fields)
    _event(feedback, Event.Kind.MELDCODE, by=by, at=_now(at), text=text)
    return feedback


@transaction.atomic
def meldcode_close(
    *, feedback_id: int, text: str, by: User, at: datetime | None = None
) -> Feedback:
    """End the meldcode route once every required step is recorded (LEGAL.md M1, M2)."""
    feedback = _lock(feedback_id, "close_meldcode")
    done = set(feedback.meldcode_steps.values_list("step", flat=True))
    missing = [s for s in meldcode_required_steps(feedback=feedback) if s not in done]
    if missing:
        labels = ", ".join(str(s.label) for s in missing)
        raise ValidationError(
            gettext(MELDCODE_STEPS_MISSING) % {"steps": labels}, code="steps_missing"
        )
    return _meldcode_leave(feedback_id=feedback_id, text=text, by=by, at=_now(at))


def _team_emails(feedback: Feedback) -> list[str]:
    """The location's team and manager: decided by `access.recipients` (LEGAL.md M2)."""
    return access.recipients(access.TOLD_TEAM, feedback)


@transaction.atomic
def feedback_share_with_team(
    *, feedback_id: int, text: str, by: User, at: datetime | None = None
) -> Event:
    """Pass a compliment or improvement point to the location's team by mail (DESIGN §3:
    the same machine with fewer steps). The parent sees that it was shared."""
    feedback = _lock(feedback_id, "share_team")
    recipients = _team_emails(feedback)
    if not recipients:
        raise ValidationError(gettext(TEAM_NO_ADDRESS))
    context = {"feedback": feedback, "text": text.strip(), "organisation": organisation_get()}
    for email in recipients:
        message_queue(kind="team_share", to=email, context=context, feedback=feedback, at=at)
    what = "compliment" if feedback.kind == "compliment" else "verbeterpunt"
    return _event(
        feedback,
        Event.Kind.MESSAGE,
        by=by,
        at=at,
        visible=True,
        text=f"Uw {what} is gedeeld met het team van {feedback.location.name}.",
        action="share_team",
    )
