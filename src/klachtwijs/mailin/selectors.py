"""Reads for the unmatched-mail pages, always through `access.mail_visible`."""

from django.db.models import QuerySet
from django.http import Http404

from klachtwijs.mailin.models import InboundMail
from klachtwijs.organisation import access
from klachtwijs.organisation.models import User


def mails_waiting(user: User) -> QuerySet[InboundMail]:
    """Unmatched mail `user` may read, newest first: what the list shows."""
    return access.mail_visible(user).filter(outcome=InboundMail.Outcome.UNMATCHED)


def mail_get(user: User, mail_id: int) -> InboundMail:
    """One waiting mail `user` may read; missing and not-yours are both 404."""
    access.require(user, "mail_inbox")
    mail = mails_waiting(user).filter(pk=mail_id).first()
    if mail is None:
        raise Http404
    return mail


def mail_from(email: str) -> QuerySet[InboundMail]:
    """Unmatched mail whose content is still held, sent from `email` (case-insensitive): part
    of that parent's data for the rights of access and erasure (AVG art. 15 and 17)."""
    email = email.strip()
    if not email:
        return InboundMail.objects.none()
    return InboundMail.objects.filter(
        outcome=InboundMail.Outcome.UNMATCHED, purged_at__isnull=True, sender__iexact=email
    ).order_by("received_at", "pk")
