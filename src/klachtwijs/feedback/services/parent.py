"""The parent's own actions from the private status page."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from klachtwijs.feedback import workflow
from klachtwijs.feedback.models import Event, Feedback
from klachtwijs.feedback.services._base import (
    _event,
    _lock,
)
from klachtwijs.feedback.tokens import dossier_url
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User
from klachtwijs.organisation.selectors import organisation_get

PARENT_INFO_CLOSED = gettext_noop(
    "Uw klantreactie is afgesloten. Wilt u nog iets laten weten? Neem dan contact met ons op."
)
PARENT_INFO_EMPTY = gettext_noop("Schrijf op wat u wilt toevoegen.")


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
def feedback_attach_parent_files(
    *, feedback_id: int, files: Sequence[ParentFile], by: User | None = None
) -> list:
    """The attachments sent with the form, stored in the dossier with one timeline entry;
    `by` is the employee who typed in the klantreactie for the parent (None: the parent)."""
    if not files:
        return []
    feedback = _lock(feedback_id)
    documents = _parent_documents_store(feedback, files)
    names = ", ".join(d.filename for d in documents)
    _event(feedback, Event.Kind.DOCUMENT, by=by, text=f"Bijlagen van de ouder: {names}")
    return documents


@transaction.atomic
def feedback_add_parent_info(
    *, feedback_id: int, text: str, attachments: Sequence[ParentFile] = ()
) -> Event:
    """The parent adds information through the status page: it lands in the timeline (the
    parent sees it too), the files in the dossier, and the handler is told by mail."""
    if not text.strip():
        raise ValidationError({"text": gettext(PARENT_INFO_EMPTY)})
    feedback = _lock(feedback_id)
    if workflow.refusal(feedback, "parent_info") is not None:
        raise ValidationError(gettext(PARENT_INFO_CLOSED))
    documents = _parent_documents_store(feedback, attachments)
    event_text = text.strip()
    if documents:
        event_text += "\n\nBijlagen: " + ", ".join(d.filename for d in documents)
    event = _event(
        feedback,
        Event.Kind.PARENT_INFO,
        by=None,
        text=event_text,
        visible=True,
        action="parent_info",
    )
    # The handler, else whoever hears of a new dossier; never the employee concerned (M2).
    recipients = access.recipients(access.TOLD_PARENT_INFO, feedback)
    context = {
        "feedback": feedback,
        "organisation": organisation_get(),
        "dossier_url": dossier_url(feedback.pk),
        "attachments": len(documents),
    }
    for email in recipients:
        message_queue(kind="parent_info_notice", to=email, context=context, feedback=feedback)
    return event
