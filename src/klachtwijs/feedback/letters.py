"""Letters as PDF on the organisation's letterhead (WeasyPrint), stored in the dossier.

`letter_pdf` renders any template that extends `letters/base.html`; `letter_store` keeps the
result as a `Document` of the dossier. The acknowledgement, the judgment and the extension
letters all go through here.
"""

import secrets
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from klachtwijs.core.languages import organisation_language
from klachtwijs.core.url_fetcher import restricted_url_fetcher
from klachtwijs.feedback.models import Document, Feedback
from klachtwijs.organisation.selectors import organisation_get


def logo_url() -> str:
    """The organisation's letterhead logo as a file URI, or "" without one; letters and the
    annual report's PDF load it through the restricted URL fetcher (media folder only)."""
    organisation = organisation_get()
    logo = organisation.letterhead_logo
    if logo and Path(logo.path).is_file():
        return Path(logo.path).resolve().as_uri()
    return ""


def letter_pdf(*, template: str, context: dict) -> bytes:
    """Render `template` (extending `letters/base.html`) with `context` into PDF bytes.
    Letters are legal documents in the organisation's language: Dutch, whatever language the
    page or mail that caused them speaks (docs/i18n.md)."""
    with organisation_language():
        html = render_to_string(
            template,
            {
                "organisation": organisation_get(),
                "logo_url": logo_url(),
                "today": timezone.localdate(),
                **context,
            },
        )
    return html_pdf(html)


def html_pdf(html: str) -> bytes:
    """Any of our printed pages (letters, the location poster) as PDF, with the restricted
    URL fetcher (`core.url_fetcher`): the media and static folders and data: URIs only."""
    from weasyprint import HTML  # heavy: imported on first use only

    return HTML(
        string=html, base_url=str(settings.MEDIA_ROOT), url_fetcher=restricted_url_fetcher()
    ).write_pdf()


def letter_store(
    *,
    feedback: Feedback,
    kind: str,
    template: str,
    context: dict,
    visible_to_parent: bool,
    filename: str | None = None,
    at: datetime | None = None,
) -> Document:
    """Render the letter and store it as a `Document` of `feedback` (call it in the caller's
    transaction). The display name defaults to `<kind>-<reference>.pdf`."""
    pdf = letter_pdf(template=template, context={"feedback": feedback, **context})
    document = Document(
        feedback=feedback,
        kind=kind,
        filename=filename or f"{Document.Kind(kind).label}-{feedback.reference}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        visible_to_parent=visible_to_parent,
        created_at=at or timezone.now(),
    )
    document.file.save(f"{secrets.token_hex(16)}.pdf", ContentFile(pdf), save=True)
    return document
