"""Writes of the public side: a new klantreactie from the form, and a fresh private link.

The dossier itself is written by `feedback.services`; this module adds what the public form
needs around it: one dossier per submission key, the held attachments, the task that sends its
mails and makes the letter.
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import ContactPreference, Feedback
from klachtwijs.feedback.services import ParentFile, feedback_receive
from klachtwijs.feedback.tokens import link_new
from klachtwijs.intake import uploads
from klachtwijs.intake.selectors import feedback_for_resend
from klachtwijs.notifications.services import message_queue, nudges_held
from klachtwijs.organisation.selectors import organisation_get

RECEIVED_IN_FUTURE = gettext_noop(
    "Deze datum ligt in de toekomst. Vul een datum van vandaag of eerder in."
)
NEED_NAME = gettext_noop("Vul uw naam in.")
NEED_EMAIL = gettext_noop("U wilt contact per e-mail. Vul dan uw e-mailadres in.")
NEED_PHONE = gettext_noop("U wilt gebeld worden. Vul dan uw telefoonnummer in.")
# The one field each way of contact needs; the form labels it so and the API documents it.
CONTACT_FIELD = {
    ContactPreference.EMAIL: ("submitter_email", NEED_EMAIL),
    ContactPreference.PHONE: ("submitter_phone", NEED_PHONE),
}


def submitter_errors(
    *,
    kind: str,
    anonymous: bool,
    submitter_name: str,
    submitter_email: str,
    submitter_phone: str,
    contact_preference: str,
) -> dict[str, str]:
    """Who sends it and how we reach them: {field: message id (gettext_noop)} for what is
    missing. THE rule for every door that takes a klantreactie from or for a parent (web form,
    back office, API): a name, and the one contact field the chosen way of contact needs; an
    anonymous signal needs neither (an e-mail address is optional: then a status link), but
    must be a signal (`workflow.kind_refusal`). Doors translate the message ids; the form
    adds it next to the field, the API under the field's name.
    """
    errors: dict[str, str] = {}
    if anonymous:
        if workflow.kind_refusal(kind=kind, anonymous=True) is not None:
            errors["kind"] = workflow.ANONYMOUS_KIND
        return errors
    if not submitter_name.strip():
        errors["submitter_name"] = NEED_NAME
    needed = CONTACT_FIELD.get(contact_preference)
    if needed is not None:
        name, message = needed
        value = submitter_email if name == "submitter_email" else submitter_phone
        if not value.strip():
            errors[name] = message
    return errors


def received_at_for(day: date | None, *, now: datetime | None = None) -> datetime:
    """The moment a klantreactie received on `day` counts as received: today (or no day):
    now; an earlier day: noon of that day, so the term counts from that day (LEGAL.md T1).
    A day in the future is refused, next to the field `received_on`."""
    now = now or timezone.now()
    if day is None or day == timezone.localdate(now):
        return now
    if day > timezone.localdate(now):
        raise ValidationError({"received_on": gettext(RECEIVED_IN_FUTURE)})
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def intake_submit(
    *,
    receive: dict,
    files: list[uploads.Upload],
    submission_key: str | None,
    received_on: date | None = None,
) -> Feedback:
    """Store the klantreactie with its attachments; the same `submission_key` twice (a double
    click, a resent form) gives back the first dossier instead of a second one.

    `receive` are the arguments of `feedback_receive` (see `FeedbackForm.receive_kwargs`).
    `received_on`: the day staff say it came in (by phone, letter, the API on a parent's
    behalf), which decides `received_at` (`received_at_for`); left out: now.
    After commit one task (`tasks.received_follow_up`) sends the mails `feedback_receive`
    queued (the acknowledgement, the staff notices) and makes the acknowledgement letter (PDF),
    to keep the POST fast: one task row, not one per mail and one for the letter (issue 18).
    """
    if received_on is not None:
        receive = {**receive, "received_at": received_at_for(received_on)}
    key = submission_key or None
    if key and (existing := Feedback.objects.filter(submission_key=key).first()):
        return existing
    try:
        # `feedback_receive` is one transaction of its own (no savepoint inside another).
        parent_files = [ParentFile(u.name, u.content_type, u.open()) for u in files]
        try:
            with nudges_held() as message_ids:
                feedback = feedback_receive(**receive, submission_key=key, attachments=parent_files)
        finally:
            for parent_file in parent_files:
                parent_file.file.close()
        transaction.on_commit(lambda: _follow_up_later(feedback.pk, message_ids))
    except IntegrityError:
        # Two requests with one key at the same moment: the other one won.
        existing = Feedback.objects.filter(submission_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    return feedback


def _follow_up_later(feedback_id: int, message_ids: list[int]) -> None:
    from klachtwijs.intake.tasks import received_follow_up

    received_follow_up.enqueue(feedback_id=feedback_id, message_ids=message_ids)


@transaction.atomic
def intake_link_resend(*, reference: str, email: str) -> bool:
    """Mail a fresh private link if reference and e-mail address belong together.

    The caller answers the same either way, so nobody learns whether a dossier exists.
    """
    feedback = feedback_for_resend(reference=reference, email=email)
    if feedback is None:
        return False
    message_queue(
        kind="link_resend",
        to=feedback.submitter_email,
        feedback=feedback,
        context={
            "feedback": feedback,
            "organisation": organisation_get(),
            "status_url": link_new(feedback),
        },
    )
    return True
