"""The report as HTML: the back-office preview and the stand-alone file (and the PDF's input)."""

from django.template.loader import render_to_string

from klachtwijs.feedback import letters
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports.charts import chart_svg
from klachtwijs.reports.content import Progress, ReportContent, _quiet

# The report's headings take the organisation's colour (Organisation.brand_colour, issue 18;
# white-on-it contrast checked, so it reads on white too); the charts keep their own blue.
COLOUR = "#0b5394"


def contents(content: ReportContent) -> list[tuple[str, str]]:
    """The table of contents: (anchor id, heading) of each chapter, as in _body.html."""
    entries = [(f"hoofdstuk-{n}", s.title) for n, s in enumerate(content.sections, start=1)]
    return entries + [
        ("cijfers", f"De cijfers van {content.year}"),
        ("vestigingen", "Per vestiging"),
        ("verbeteringen", f"Verbeteringen in {content.year}"),
        ("geschillen", f"Geschillen in {content.year}"),
        ("bijlage", "Bijlage: klachten per vestiging"),
    ]


def html_context(content: ReportContent, *, progress: Progress = _quiet) -> dict:
    """The template context: the content and each table with its SVG chart."""
    tables = []
    for n, table in enumerate(content.tables):
        progress(55 + 25 * n // max(len(content.tables), 1), f"Grafiek: {table.title}")
        tables.append((table, chart_svg(table, content.year)))
    colour = organisation_get().brand_colour or COLOUR
    return {"content": content, "tables": tables, "colour": colour}


def render_html(
    content: ReportContent, *, progress: Progress = _quiet, for_print: bool = False
) -> str:
    """A complete HTML document with the report's own print styles: a cover, the contents and
    the report. `for_print` (the PDF) adds the logo, which a browser could not load."""
    context = html_context(content, progress=progress)
    context |= {"contents": contents(content), "logo_url": letters.logo_url() if for_print else ""}
    html = render_to_string("reports/document.html", context)
    progress(85, "HTML klaar")
    return html
