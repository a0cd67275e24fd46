"""Background work of the public side."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from klachtwijs.feedback.letters import letter_store
from klachtwijs.feedback.models import Document, Feedback
from klachtwijs.intake import uploads
from klachtwijs.organisation.routes import routes_for


@task()
def acknowledgement_letter(feedback_id: int) -> int | None:
    """Make the acknowledgement letter (PDF) of a dossier, once: running it again does
    nothing. Returns the document's id."""
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("location", "service")
            .get(pk=feedback_id)
        )
        existing = feedback.documents.filter(kind=Document.Kind.ACKNOWLEDGEMENT).first()
        if existing is not None:
            return existing.pk
        document = letter_store(
            feedback=feedback,
            kind=Document.Kind.ACKNOWLEDGEMENT,
            template="letters/acknowledgement.html",
            context={"routes": routes_for(feedback.framework)},
            visible_to_parent=True,
        )
        return document.pk


@task()
def received_follow_up(feedback_id: int, message_ids: list[int] | None = None) -> int | None:
    """After a new dossier commits (`services.intake_submit`): send the mails it queued (the
    acknowledgement, the staff notices: `notifications.tasks.messages_send`, with their
    retries) and make its acknowledgement letter (`acknowledgement_letter`), in one task.
    The mails go first; the letter is made also when sending fails. Returns the letter's id."""
    from klachtwijs.notifications.tasks import messages_send

    try:
        if message_ids:
            messages_send(message_ids)
    finally:
        letter = acknowledgement_letter.call(feedback_id=feedback_id)
    return letter


def held_uploads_schedule() -> bool:
    """Plan the next sweep of held uploads unless one is waiting; False if the task backend
    cannot run tasks later (then run `klachtwijs purge_uploads` from cron every 15 minutes)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if not held_uploads_purge.get_backend().supports_defer:
        return False
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=held_uploads_purge.module_path
    )
    if not waiting.exists():
        run_after = timezone.now() + uploads.SWEEP_EVERY
        held_uploads_purge.using(run_after=run_after).enqueue()
    return True


@task()
def held_uploads_purge() -> int:
    """Remove what failed forms hold past `uploads.HOLD_FOR`, then plan the next sweep in
    `uploads.SWEEP_EVERY`: so a held file is gone within the hour. Returns how many forms'."""
    purged = uploads.purge_old()
    held_uploads_schedule()
    return purged
