"""Background work of the public side."""

from django.db import transaction
from django_tasks import task

from klachtwijs.feedback.letters import letter_store
from klachtwijs.feedback.models import Document, Feedback
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
