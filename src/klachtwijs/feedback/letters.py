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

from klachtwijs.feedback.models import Document, Feedback
from klachtwijs.organisation.selectors import organisation_get


def _local_fetcher():
    """A URL fetcher that lets letters load only files from the media folder (the logo) and
    data: URIs; never anything from the network. WeasyPrint is imported on first use only."""
    from weasyprint.urls import URLFetcher

    class _LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
                    return super().fetch(url, headers)
            raise ValueError(f"Letters may not load {url!r}")

    return _LocalFetcher()


def _logo_url() -> str:
    organisation = organisation_get()
    logo = organisation.letterhead_logo
    if logo and Path(logo.path).is_file():
        return Path(logo.path).resolve().as_uri()
    return ""


def letter_pdf(*, template: str, context: dict) -> bytes:
    """Render `template` (extending `letters/base.html`) with `context` into PDF bytes."""
    html = render_to_string(
        template,
        {
            "organisation": organisation_get(),
            "logo_url": _logo_url(),
            "today": timezone.localdate(),
            **context,
        },
    )
    return html_pdf(html)


def html_pdf(html: str) -> bytes:
    """Any of our printed pages (letters, the location poster) as PDF, with the restricted
    URL fetcher: only the media folder and data: URIs, never the network."""
    from weasyprint import HTML  # heavy: imported on first use only

    return HTML(
        string=html, base_url=str(settings.MEDIA_ROOT), url_fetcher=_local_fetcher()
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
