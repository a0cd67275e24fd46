"""Mail from parents (issue 15): one service per intent, for every door (the IMAP reader,
the staff page, tests).

- `mail_receive`: one mail from the reply mailbox. A reply whose signed address names an open
  dossier becomes the parent's message on its timeline through `feedback_add_parent_info`,
  the status page's own service (files checked by `intake.uploads.check`, the form's check;
  the handler told through `access.recipients(TOLD_PARENT_INFO)`); a machine's mail
  (auto-reply, bounce) is noted and left; anything else waits as unmatched mail for the
  quality department, who are told (`TOLD_UNMATCHED_MAIL`). Never lost, never twice.
- `mail_link` / `mail_discard`: the quality department's decision on an unmatched mail.
- `mail_purge_due`: the retention run's purge of unmatched mail (LEGAL.md P2).
- `mail_erase_from`: a parent's unmatched mail erased on request (AVG art. 17).
"""

from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.models import AccessLog
from klachtwijs.core.retention import retention_days
from klachtwijs.feedback.models import Feedback
from klachtwijs.feedback.services import ParentFile, feedback_add_parent_info
from klachtwijs.intake import uploads
from klachtwijs.intake.selectors import link_is_expired
from klachtwijs.mailin.models import InboundMail
from klachtwijs.mailin.parse import BOUNCE, ParsedMail, mail_parse
from klachtwijs.mailin.selectors import mail_from
from klachtwijs.notifications.reply import reply_token_id, reply_token_valid
from klachtwijs.notifications.services import message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User
from klachtwijs.organisation.selectors import organisation_get

Outcome, Reason = InboundMail.Outcome, InboundMail.Reason

E_DECIDED = gettext_noop("Over deze e-mail is al beslist.")
E_NO_DOSSIER = gettext_noop("Er is geen dossier met dit kenmerk dat u mag zien.")
E_GONE = gettext_noop("De inhoud van deze e-mail is al gewist.")
REFUSED_FILES = gettext_noop("Niet toegevoegd: {errors}")


def _dossier_for(parsed: ParsedMail) -> tuple[Feedback | None, str]:
    """The dossier the mail's reply address names, if its signature holds, and why not.

    A closed dossier whose private link has expired (`intake.selectors.link_is_expired`: the
    link term after closing, `KLACHTWIJS_PRIVATE_LINK_DAYS`, or anonymised) takes no mail."""
    if not parsed.tokens:
        return None, Reason.MISSING
    for token in parsed.tokens:
        feedback_id = reply_token_id(token)
        feedback = Feedback.objects.filter(pk=feedback_id).first() if feedback_id else None
        if feedback is not None and reply_token_valid(token, feedback):
            if link_is_expired(feedback):
                return feedback, Reason.EXPIRED
            return feedback, Reason.NONE
    return None, Reason.FORGED


def _message_text(parsed: ParsedMail, refused: list[str]) -> str:
    text = parsed.text or parsed.subject
    if refused:
        text += "\n\n" + gettext(REFUSED_FILES).format(errors=" ".join(refused))
    return text.strip()


def _add(feedback: Feedback, parsed: ParsedMail) -> None:
    """The parent's message, through the status page's service; raises its ValidationError
    (closed dossier, no text). Files checked exactly as the form's (`uploads.check`)."""
    files = [ContentFile(f.content, name=uploads.clean_name(f.name)) for f in parsed.files]
    accepted, refused = uploads.check(files)
    parent_files = [ParentFile(uploads.clean_name(f.name), t, f) for f, t in accepted]
    if not (parsed.text or parsed.subject).strip():
        raise ValidationError(gettext("Schrijf op wat u wilt toevoegen."), code="empty")
    feedback_add_parent_info(
        feedback_id=feedback.pk, text=_message_text(parsed, refused), attachments=parent_files
    )


def _unmatched(
    parsed: ParsedMail, raw: bytes, reason: str, feedback: Feedback | None, at: datetime
) -> InboundMail:
    mail = InboundMail(
        message_key=parsed.key,
        received_at=at,
        outcome=Outcome.UNMATCHED,
        reason=reason,
        feedback=feedback,
        sender=parsed.sender,
        subject=parsed.subject,
        text=parsed.text,
        attachment_names=[f.name[:120] for f in parsed.files],
    )
    mail.raw.save(f"{parsed.key[:32]}.eml", ContentFile(raw), save=False)
    mail.save()
    # Who reads the list hears of it; the notice names no parent and no dossier.
    context = {
        "organisation": organisation_get(),
        "reason": mail.get_reason_display(),
        "list_url": f"{settings.SITE_URL}/staff/post/",
    }
    for email in access.recipients(access.TOLD_UNMATCHED_MAIL, feedback):
        message_queue(kind="mail_unmatched_notice", to=email, context=context, at=at)
    return mail


@transaction.atomic
def mail_receive(*, raw: bytes, at: datetime | None = None) -> InboundMail:
    """Process one mail from the reply mailbox, exactly once: a mail seen before (same
    Message-ID) returns its earlier row and changes nothing."""
    at = at or timezone.now()
    parsed = mail_parse(raw)
    earlier = InboundMail.objects.filter(message_key=parsed.key).first()
    if earlier is not None:
        return earlier
    if parsed.automatic:
        reason = Reason.BOUNCE if parsed.automatic == BOUNCE else Reason.AUTO_REPLY
        return InboundMail.objects.create(
            message_key=parsed.key, received_at=at, outcome=Outcome.IGNORED, reason=reason
        )
    feedback, reason = _dossier_for(parsed)
    if feedback is None or reason:
        return _unmatched(parsed, raw, reason, feedback, at)
    try:
        _add(feedback, parsed)
    except ValidationError as exc:
        reason = Reason.EMPTY if getattr(exc, "code", "") == "empty" else Reason.CLOSED
        return _unmatched(parsed, raw, reason, feedback, at)
    return InboundMail.objects.create(
        message_key=parsed.key, received_at=at, outcome=Outcome.ADDED, feedback=feedback
    )


def _clear(mail: InboundMail, at: datetime) -> None:
    """Remove what the mail said (it now lives in the dossier, or nobody needs it)."""
    if mail.raw:
        mail.raw.delete(save=False)
    mail.raw = ""
    mail.sender = mail.subject = mail.text = ""
    mail.attachment_names = []
    mail.purged_at = at


def _decidable(mail_id: int, by: User) -> InboundMail:
    mail = access.mail_visible(by).select_for_update().filter(pk=mail_id).first()
    if mail is None:
        raise InboundMail.DoesNotExist
    if mail.outcome != Outcome.UNMATCHED:
        raise ValidationError(gettext(E_DECIDED))
    if mail.purged_at is not None or not mail.raw:
        raise ValidationError(gettext(E_GONE))
    return mail


@transaction.atomic
def mail_link(*, mail_id: int, reference: str, by: User, at: datetime | None = None) -> InboundMail:
    """Add an unmatched mail to the dossier with this reference, as the parent's message
    (the same service and checks as a matched reply), if `by` may see that dossier; the
    decision is logged (access log) and the mail's content then lives only in the dossier."""
    at = at or timezone.now()
    mail = _decidable(mail_id, by)
    feedback = access.feedback_visible(by).filter(reference=reference.strip()).first()
    if feedback is None or not reference.strip():
        raise ValidationError({"reference": gettext(E_NO_DOSSIER)})
    with mail.raw.open("rb") as handle:
        parsed = mail_parse(handle.read())
    try:
        _add(feedback, parsed)
    except ValidationError as exc:
        raise ValidationError({"reference": exc.messages}) from None
    mail.outcome, mail.feedback = Outcome.LINKED, feedback
    mail.decided_by, mail.decided_at = by, at
    _clear(mail, at)
    mail.save()
    access_log_record(
        user=by,
        action=AccessLog.Action.CHANGE,
        feedback_id=feedback.pk,
        detail=f"e-mail van ouder {mail.pk} gekoppeld",
    )
    return mail


@transaction.atomic
def mail_discard(*, mail_id: int, by: User, at: datetime | None = None) -> InboundMail:
    """Throw an unmatched mail away (spam, not for us): its content is erased at once, the
    decision is kept and logged (access log)."""
    at = at or timezone.now()
    mail = _decidable(mail_id, by)
    mail.outcome, mail.decided_by, mail.decided_at = Outcome.DISCARDED, by, at
    _clear(mail, at)
    mail.save()
    access_log_record(
        user=by,
        action=AccessLog.Action.CHANGE,
        feedback_id=mail.feedback_id,
        detail=f"e-mail van ouder {mail.pk} weggegooid",
    )
    return mail


def mail_erase_from(
    email: str, *, erased_feedback_ids: Collection[int], at: datetime | None = None
) -> int:
    """The right to erasure (AVG art. 17) for a parent's unmatched mail: erase the content of
    every waiting mail from `email` that names no dossier or names one erased in the same
    request; a mail about a dossier that is kept stays with it. Returns how many."""
    at = at or timezone.now()
    count = 0
    for mail in mail_from(email).select_for_update():
        if mail.feedback_id is not None and mail.feedback_id not in erased_feedback_ids:
            continue
        _clear(mail, at)
        mail.save()
        count += 1
    return count


def mail_purge_due(now: datetime) -> int:
    """Erase the content of unmatched mail older than the retention term
    (`KLACHTWIJS_RETENTION_DAYS`, LEGAL.md P2) or whose dossier has been anonymised; the row
    stays (so the mail is not processed again). Returns how many were erased."""
    cutoff = now - timedelta(days=retention_days())
    due = InboundMail.objects.filter(purged_at__isnull=True, outcome=Outcome.UNMATCHED).filter(
        received_at__lte=cutoff
    ) | InboundMail.objects.filter(purged_at__isnull=True, feedback__anonymised_at__isnull=False)
    count = 0
    for mail in due.select_related(None):
        with transaction.atomic():
            _clear(mail, now)
            mail.save()
        count += 1
    return count
