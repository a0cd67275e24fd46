"""The report as HTML: the back-office preview and the stand-alone file (and the PDF's input)."""

from django.template.loader import render_to_string

from klachtwijs.reports.charts import chart_svg
from klachtwijs.reports.content import Progress, ReportContent, _quiet


def html_context(content: ReportContent, *, progress: Progress = _quiet) -> dict:
    """The template context: the content and each table with its SVG chart."""
    tables = []
    for n, table in enumerate(content.tables):
        progress(55 + 25 * n // max(len(content.tables), 1), f"Grafiek: {table.title}")
        tables.append((table, chart_svg(table, content.year)))
    return {"content": content, "tables": tables}


def render_html(content: ReportContent, *, progress: Progress = _quiet) -> str:
    """A complete HTML document with the report's own print styles."""
    html = render_to_string("reports/document.html", html_context(content, progress=progress))
    progress(85, "HTML klaar")
    return html
