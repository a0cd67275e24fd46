"""Queueing mail. Sending (claim, send, retry) lives beside it in `sending.py`."""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from klachtwijs.notifications.models import MailTemplate, OutboxAttachment, OutboxMessage
from klachtwijs.notifications.reply import reply_address


@dataclass(frozen=True)
class Attachment:
    """A stored file to send with a mail: its display name, type and name in the storage."""

    filename: str
    content_type: str
    name: str


# The organisation's texts compiled once per process and source text (issue 18: compiling three
# templates was most of a mail's rendering). Keyed by the text itself, so an edited text is
# compiled anew; bounded, since texts are few.
_COMPILED: dict[tuple[int, str], object] = {}
_COMPILED_MAX = 200


def _compiled(source: str):
    engine = engines["django"].engine
    key = (id(engine), source)
    found = _COMPILED.get(key)
    if found is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        found = _COMPILED[key] = engine.from_string(source)
    return found


def _render_db(template: MailTemplate, context: Mapping[str, object]) -> tuple[str, str, str]:
    """Render the organisation's own text. Subject and text are plain text: no escaping."""

    def plain(source: str) -> str:
        return _compiled(f"{{% autoescape off %}}{source}{{% endautoescape %}}").render(
            Context(dict(context))
        )

    html = _compiled(template.body_html).render(Context(dict(context)))
    return plain(template.subject), plain(template.body_text), html if html.strip() else ""


def _render_files(kind: str, context: Mapping[str, object]) -> tuple[str, str, str]:
    base = f"notifications/mail/{kind}"
    subject = render_to_string(f"{base}.subject.txt", context)
    body_text = render_to_string(f"{base}.txt", context)
    try:
        body_html = render_to_string(f"{base}.html", context)
    except TemplateDoesNotExist:  # an HTML part is optional
        body_html = ""
    return subject, body_text, body_html


TRANSLATED = "translated"  # notifications/mail/translated/<kind>.*: the parent's languages


def _translated(kind: str) -> bool:
    try:
        get_template(f"notifications/mail/{TRANSLATED}/{kind}.txt")
    except TemplateDoesNotExist:
        return False
    return True


def mail_language(*, feedback: object | None, to: str) -> str:
    """The language of a mail: the parent's (`Feedback.parent_language`) when it goes to the
    parent's own address, else the organisation's (Dutch)."""
    parent_email = getattr(feedback, "submitter_email", "") or ""
    if parent_email and to.strip().lower() == parent_email.strip().lower():
        return getattr(feedback, "parent_language", "") or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def mail_render(
    *, kind: str, context: Mapping[str, object], language: str | None = None
) -> tuple[str, str, str]:
    """Subject, text and HTML of the mail `kind` in `language` (default Dutch).

    Dutch: the organisation's own text (`MailTemplate`), else our default files. Another
    language: the gettext version of the mail in `notifications/mail/translated/` when there
    is one (the parent's mails), else the Dutch text. Rendered with that language active, so
    labels and dates follow it, whatever language the page that caused the mail speaks.
    """
    language = language or settings.LANGUAGE_CODE
    context = _with_routes(context)
    with translation.override(language):
        if language != settings.LANGUAGE_CODE and _translated(kind):
            context = {**context, "LANGUAGE_CODE": language}
            subject, body_text, body_html = _render_files(f"{TRANSLATED}/{kind}", context)
        elif (template := MailTemplate.objects.filter(kind=kind).first()) is not None:
            subject, body_text, body_html = _render_db(template, context)
        else:
            subject, body_text, body_html = _render_files(kind, context)
    return " ".join(subject.split())[:250], body_text, body_html


def _with_routes(context: Mapping[str, object]) -> Mapping[str, object]:
    """Every mail about a dossier may name the external routes of its legal framework."""
    framework = getattr(context.get("feedback"), "framework", None)
    if framework is None or "routes" in context:
        return context
    from klachtwijs.organisation.routes import routes_for

    return {**context, "routes": routes_for(framework)}


# The ids of the messages queued inside `nudges_held` (None outside: each is nudged by itself).
_held: ContextVar[list[int] | None] = ContextVar("klachtwijs_outbox_nudges_held", default=None)


@contextmanager
def nudges_held() -> Iterator[list[int]]:
    """Inside, `message_queue` does not nudge the worker once per message after commit: the
    ids of the messages queued are collected in the list it gives, for the caller to hand, after
    commit, to one task of its own that sends them (`tasks.messages_send`) with the rest of its
    work: one task row instead of one per mail (issue 18). The messages themselves are written
    as always, in the caller's transaction, so none is lost: should that task never run, they
    wait in the outbox for the next send, as after any lost nudge."""
    held: list[int] = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)


def message_queue(
    *,
    kind: str,
    to: str,
    context: Mapping[str, object],
    feedback=None,
    attachments: Iterable[Attachment] = (),
    at: datetime | None = None,
    language: str | None = None,
) -> OutboxMessage:
    """Render the mail `kind` now and store it in the outbox, in the caller's transaction.

    The text is rendered when queued, so what was sent is what was decided at that moment.
    Texts: the organisation's `MailTemplate` for `kind`, else the files
    `notifications/mail/<kind>.subject.txt`, `.txt` and (optional) `.html`.
    After commit the worker is nudged to send it (or, inside `nudges_held`, the caller's task
    sends it); if that nudge is lost the row waits for the next `send_outbox` run, so nothing
    is lost. `at`: the moment of the business action that
    queues it (default now), so a back-dated action (an import, the demo) dates its mail too.
    `language`: default `mail_language` (the parent's language for a mail to the parent).
    Mail to the dossier's parent carries the dossier's reply address (`notifications/reply.py`).
    """
    at = at or timezone.now()
    language = language or mail_language(feedback=feedback, to=to)
    subject, body_text, body_html = mail_render(kind=kind, context=context, language=language)
    message = OutboxMessage.objects.create(
        kind=kind,
        feedback=feedback,
        to=to,
        reply_to=_reply_to(to, feedback),
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        created_at=at,
        next_attempt_at=at,
    )
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message=message, filename=a.filename, content_type=a.content_type, file=a.name
        )
        for a in attachments
    )
    held = _held.get()
    if held is not None:
        held.append(message.pk)  # the caller's task sends it (`nudges_held`)
    else:
        transaction.on_commit(lambda: _nudge(message.pk))
    return message


def _reply_to(to: str, feedback) -> str:
    """A mail to the dossier's parent (its address is the dossier's) gets the dossier's reply
    address, so an answer lands in the dossier (`klachtwijs.mailin`); staff mail does not."""
    parent = getattr(feedback, "submitter_email", "") or ""
    if not parent or parent.strip().casefold() != to.strip().casefold():
        return ""
    return reply_address(feedback)


def _nudge(message_id: int) -> None:
    from klachtwijs.notifications.tasks import outbox_send

    outbox_send.enqueue(message_id=message_id)
