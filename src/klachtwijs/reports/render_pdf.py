"""The report as PDF, with WeasyPrint from the same HTML as the preview."""

import logging

from klachtwijs.reports.content import Progress, ReportContent, _quiet
from klachtwijs.reports.render_html import render_html

# WeasyPrint reports every layout step at INFO: too chatty for the console and the worker log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def render_pdf(content: ReportContent, *, progress: Progress = _quiet) -> bytes:
    """PDF bytes; charts are SVG, so they stay sharp when printed."""
    html = render_html(content, progress=progress)
    progress(90, "PDF opmaken")
    # base_url is only needed for relative links; the charts are data URIs.
    from weasyprint import HTML  # heavy: imported on first use only

    return HTML(string=html, base_url=".").write_pdf()
