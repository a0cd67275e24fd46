"""The report as DOCX (python-docx): real headings, real tables, so the quality officer can
still edit it in Word."""

import io
import re
from html import unescape

from klachtwijs.reports.charts import chart_png
from klachtwijs.reports.content import Progress, ReportContent, _quiet

BLOCK = re.compile(r"<(p|li|h[1-6])>(.*?)</\1>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# CT_Settings (ECMA-376): the w: elements that come after w:updateFields (the m: and sl: ones
# there come after w:compat and w:rsids, which python-docx's template always has).
SETTINGS_AFTER_UPDATE_FIELDS = [
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
]


def _markdown_paragraphs(document, html: str) -> None:
    """Sanitised Markdown HTML as Word paragraphs (lists get list styles)."""
    for tag, inner in BLOCK.findall(html):
        text = " ".join(unescape(TAG.sub("", inner)).split())
        if not text:
            continue
        if tag == "li":
            document.add_paragraph(text, style="List Bullet")
        elif tag.startswith("h"):
            document.add_heading(text, level=3)
        else:
            document.add_paragraph(text)


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1:  # a note across the whole row
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
            merged.paragraphs[0].runs[0].italic = True
            continue
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) in `paragraph`; Word computes its value."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # compute on open
        run._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(placeholder or "1")
    char("end")


def _a4_with_page_numbers(document) -> None:
    """Every section A4 (21,0 × 29,7 cm) with 2 cm margins and "pagina X van Y" in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("pagina ")
        _field(footer, "PAGE")
        footer.add_run(" van ")
        _field(footer, "NUMPAGES")


def _update_fields_on_open(document) -> None:
    """w:updateFields in settings.xml: Word refreshes the contents and page count on open."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    # In schema order (Word may reject a settings.xml out of order): before the first of the
    # elements the schema puts after it.
    later = {qn(f"w:{name}") for name in SETTINGS_AFTER_UPDATE_FIELDS}
    successor = next((child for child in settings if child.tag in later), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        settings.append(element)


def render_docx(content: ReportContent, *, progress: Progress = _quiet) -> bytes:
    """DOCX bytes, A4, with Heading 1/2 styles, an editable contents (TOC field), page numbers
    in the footer, tables, PNG charts and the appendix."""
    from docx import Document  # heavy: imported on first use only
    from docx.shared import Cm

    document = Document()
    document.add_heading(content.title, level=0)
    document.add_paragraph(content.organisation)
    scope = f"Regio {content.region}" if content.region else "Hele organisatie"
    document.add_paragraph(f"{scope} · {'Jeugdwet' if content.jeugdwet else 'Wet kinderopvang'}")
    document.add_paragraph().add_run("Inhoud").bold = True  # not a heading: not in itself
    # An editable contents (Heading 1-3, hyperlinks); Word fills it in on open (updateFields).
    _field(
        document.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        "Klik met de rechtermuisknop en kies 'Veld bijwerken'.",
    )
    document.add_page_break()
    if content.no_complaints:
        document.add_paragraph(
            f"In {content.year} zijn er geen klachten ontvangen. Voor een jaar zonder klachten "
            "is geen klachtenjaarverslag verplicht. Dit verslag is toch gemaakt."
        )
    for n, section in enumerate(content.sections):
        document.add_heading(section.title, level=1)
        _markdown_paragraphs(document, section.html)
        if n == 1 and content.regulation:
            document.add_paragraph(content.regulation)

    year, before = str(content.year), str(content.previous.year)
    document.add_heading(f"De cijfers van {content.year}", level=1)
    _table(
        document,
        ["Cijfer", year, before],
        [[f.label, f.value, f.previous] for f in content.key_figures],
    )
    for n, table in enumerate(content.tables):
        progress(55 + 30 * n // max(len(content.tables), 1), f"Grafiek: {table.title}")
        document.add_heading(table.title, level=2)
        _table(
            document, [table.label, year, before], [[a, str(b), str(c)] for a, b, c in table.rows]
        )
        document.add_picture(io.BytesIO(chart_png(table, content.year)), width=Cm(15))

    document.add_heading("Per vestiging", level=1)
    for part in content.locations:
        document.add_heading(part.name, level=2)
        categories = ", ".join(f"{k.lower()} ({v})" for k, v in part.categories.items())
        outcomes = ", ".join(f"{k} ({v})" for k, v in part.outcomes.items()) or "nog geen oordeel"
        document.add_paragraph(f"{part.complaints} klachten. Onderwerpen: {categories}.")
        document.add_paragraph(
            f"Oordeel: {outcomes}. Maatregelen: {part.measures} afgesproken, "
            f"{part.measures_done} uitgevoerd. Wat de maatregelen inhouden, staat bij de "
            "afhandeling in de bijlage."
        )

    document.add_heading(f"Verbeteringen in {content.year}", level=1)
    for item in content.improvements:
        document.add_heading(item["title"], level=2)
        if item["description"]:
            document.add_paragraph(item["description"])
        panel = (
            "Het klantpanel is om advies gevraagd."
            if item["client_panel_asked"]
            else ("Het klantpanel is hierover niet om advies gevraagd.")
        )
        if item["client_panel_advice"]:
            panel += f" Advies: {item['client_panel_advice']}"
        document.add_paragraph(f"Besloten op {item['decided_on']:%d-%m-%Y}. {panel}")
    if not content.improvements:
        document.add_paragraph(f"In {content.year} zijn er geen verbeteringen vastgelegd.")

    document.add_heading(f"Geschillen in {content.year}", level=1)
    if content.disputes:
        _table(
            document,
            ["Instantie", "Begonnen", "Uitspraak", "Samenvatting"],
            [
                [d["body"], f"{d['started_on']:%d-%m-%Y}", d["result"], d["summary"]]
                for d in content.disputes
            ],
        )
    else:
        document.add_paragraph(content.disputes_sentence)

    progress(88, "Bijlage")
    document.add_page_break()
    document.add_heading("Bijlage: klachten per vestiging", level=1)
    # As in the PDF: the vestiging is the heading, its table has omschrijving and afhandeling.
    for location, rows in content.appendix_by_location:
        document.add_heading(location, level=2)
        table_rows: list[list[str]] = []
        for row in rows:
            table_rows.append(
                [
                    row.summary or "(nog geen omschrijving)",
                    row.handling or "(nog geen afhandeling)",
                ]
            )
            if row.note:
                table_rows.append([row.note])
        _table(document, ["Omschrijving", "Afhandeling"], table_rows)
    if not content.appendix:
        document.add_paragraph(f"Geen klachten in {content.year}.")
    _a4_with_page_numbers(document)
    _update_fields_on_open(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
