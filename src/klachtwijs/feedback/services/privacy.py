"""Privacy: retention (anonymising) and data-subject rights."""

from django.db import transaction
from django.utils import timezone

from klachtwijs.feedback.models import (
    Event,
    Feedback,
    Judgment,
    Measure,
)
from klachtwijs.feedback.services._base import (
    _event,
    _lock,
)
from klachtwijs.organisation.models import User
from klachtwijs.webhooks.services import deliveries_forget

ANONYMISED_TEXT = "[verwijderd: persoonsgegevens]"
ANONYMISED_MEASURE = "[maatregel: tekst verwijderd, kon namen bevatten]"
ANONYMISED_EVENT = "Persoonsgegevens verwijderd; de cijfers blijven bewaard."


@transaction.atomic
def feedback_anonymise(*, feedback_id: int, by: User | None = None) -> Feedback:
    """Remove the personal data of a dossier and keep what the figures need (LEGAL.md P2).

    Removed: the parent's name and contact details, children, every free text (description,
    wishes, timeline texts, reasoning, measures, rating comment, meldcode decisions, escalation
    summaries), documents with their files, private links, the mails in the outbox and the
    webhook deliveries with personal data. Kept: kind, category, location, service, dates,
    status, outcome, measure dates, and the report texts written without names for the annual
    report (not for a meldcode dossier: the report shows those only as a count, M4). Also kept:
    the link to the employee a meldcode dossier is about, so they stay shut out of it for as
    long as it exists (M2). Idempotent. The caller decides whether the dossier may be anonymised
    (see `core.retention`).
    """
    from klachtwijs.feedback.models import Document, Escalation, MeldcodeStep, ParentLink
    from klachtwijs.notifications.models import OutboxMessage

    feedback = _lock(feedback_id)
    if feedback.anonymised_at is not None:
        return feedback
    feedback.description = ANONYMISED_TEXT
    feedback.desired_outcome = feedback.satisfaction_comment = ""
    feedback.submitter_name = feedback.submitter_email = feedback.submitter_phone = ""
    feedback.children = []
    # `concerned_employee` stays: it is not the parent's data but M2's protection, and
    # `access.feedback_visible` needs it to keep the employee out of what remains (LEGAL.md M2).
    feedback.submission_key = None
    feedback.submission_fingerprint = ""  # a hash of the parent's words
    feedback.anonymised_at = timezone.now()
    report_texts = []
    if feedback.is_restricted:
        feedback.report_summary = feedback.report_handling = ""
        report_texts = ["report_summary", "report_handling"]
    feedback.save(
        update_fields=[
            *report_texts,
            "description",
            "desired_outcome",
            "satisfaction_comment",
            "submitter_name",
            "submitter_email",
            "submitter_phone",
            "children",
            "submission_key",
            "submission_fingerprint",
            "anonymised_at",
        ]
    )
    # Timeline texts may quote the parent or name people; kind, time and statuses stay.
    feedback.events.exclude(text="").update(text=ANONYMISED_TEXT)
    Judgment.objects.filter(feedback=feedback).update(
        reasoning=ANONYMISED_TEXT, no_measures_reason=""
    )
    Measure.objects.filter(feedback=feedback).update(description=ANONYMISED_MEASURE)
    # A meldcode decision names the people involved, among them the employee concerned.
    MeldcodeStep.objects.filter(feedback=feedback).update(decision=ANONYMISED_TEXT)
    Escalation.objects.filter(feedback=feedback).exclude(summary="").update(summary=ANONYMISED_TEXT)
    documents = Document.objects.filter(feedback=feedback)
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    documents.delete()
    # Files go only once the transaction stands, so a rollback never loses a file.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    ParentLink.objects.filter(feedback=feedback).delete()
    # The mails hold the address and the texts; what was sent is no longer needed.
    OutboxMessage.objects.filter(feedback=feedback).delete()
    # Webhook deliveries with personal data that wait would still send it: gone too.
    deliveries_forget(feedback_id=feedback.pk)
    _event(feedback, Event.Kind.CHANGED, by=by, text=ANONYMISED_EVENT)
    return feedback
