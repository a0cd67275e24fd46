"""The report as PDF, with WeasyPrint from the same HTML as the preview."""

import logging

from django.conf import settings

from klachtwijs.core.url_fetcher import restricted_url_fetcher
from klachtwijs.reports.content import Progress, ReportContent, _quiet
from klachtwijs.reports.render_html import render_html

# WeasyPrint reports every layout step at INFO: too chatty for the console and the worker log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def render_pdf(content: ReportContent, *, progress: Progress = _quiet) -> bytes:
    """PDF bytes: a cover with the logo, a contents page with page numbers, running headers and
    "pagina X van Y" (document.html); charts are SVG, so they stay sharp when printed."""
    html = render_html(content, progress=progress, for_print=True)
    progress(90, "PDF opmaken")
    return pdf_from_html(html)


def pdf_from_html(html: str) -> bytes:
    """A print document of ours (the report, the evidence pack) as PDF bytes."""
    # The charts are data URIs; an image in an organisation's text may come only from the
    # media or static folders, as in the letters (core/url_fetcher.py).
    from weasyprint import HTML  # heavy: imported on first use only

    return HTML(
        string=html, base_url=str(settings.MEDIA_ROOT), url_fetcher=restricted_url_fetcher()
    ).write_pdf()
