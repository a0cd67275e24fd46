"""The demo organisation's 2025 report, written by the command line in all three formats and
read back (the demo and each format are made once for this module)."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from pypdf import PdfReader

MOREL_NOTE = "Deze 3 klantreacties gaan over één situatie."
NO_DISPUTES = "In 2025 zijn er bij de Geschillencommissie geen geschillen"


@pytest.fixture(scope="module")
def outputs(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo and write the 2025 report as html, pdf and docx; rolled back after."""
    folder = tmp_path_factory.mktemp("jaarverslag")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        files, logs = {}, {}
        for fmt in ("html", "pdf", "docx"):
            files[fmt] = folder / f"jv.{fmt}"
            out, err = io.StringIO(), io.StringIO()
            call_command(
                "annual_report", "2025", format=fmt, output=str(files[fmt]), stdout=out, stderr=err
            )
            logs[fmt] = out.getvalue() + err.getvalue()
        youth = folder / "jeugdwet.html"
        call_command(
            "annual_report",
            "2025",
            format="html",
            jeugdwet=True,
            region="Arnhem",
            output=str(youth),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        files["youth"] = youth
        yield files, logs
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_command_shows_progress_and_writes_every_format(outputs):
    files, logs = outputs
    for fmt in ("html", "pdf", "docx"):
        assert files[fmt].stat().st_size > 1000
        assert "100%" in logs[fmt]
        assert "geschreven naar" in logs[fmt]


def test_html_has_morel_situation_and_no_disputes(outputs):
    html = outputs[0]["html"].read_text()
    assert MOREL_NOTE in html
    assert "drie kinderen kregen onderling ruzie" in html
    assert NO_DISPUTES in html
    assert html.count("data:image/svg+xml;base64,") == 6  # a chart per table


def test_pdf_reads_back_with_headings_figures_and_appendix(outputs):
    reader = PdfReader(outputs[0]["pdf"])
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for heading in ("Inleiding", "De cijfers van 2025", "Geschillen in 2025", "Bijlage"):
        assert heading in text
    assert MOREL_NOTE in text
    assert NO_DISPUTES in text
    assert "Morel" in text


def test_docx_has_real_headings_tables_and_the_morel_rows(outputs):
    document = docx.Document(outputs[0]["docx"])
    headings = {
        p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")
    }
    assert headings["Inleiding"] == "Heading 1"
    assert headings["Klantreacties per soort"] == "Heading 2"
    assert headings["Morel"] == "Heading 2"
    assert any(NO_DISPUTES in p.text for p in document.paragraphs)
    appendix = [t for t in document.tables if t.rows[0].cells[1].text == "Omschrijving"]
    morel_rows = [
        [c.text for c in row.cells]
        for table in appendix
        for row in table.rows[1:]
        if row.cells[0].text == "Morel"
    ]
    assert len(morel_rows) == 3
    assert all(summary and handling for _loc, summary, handling in morel_rows)
    notes = [
        row.cells[0].text for t in appendix for row in t.rows if MOREL_NOTE in row.cells[0].text
    ]
    assert len(notes) == 1


def test_jeugdwet_variant_has_the_committee_section(outputs):
    html = outputs[0]["youth"].read_text()
    assert "Klachtenjaarverslag 2025 Jeugdwet, regio Arnhem" in html
    assert "De klachtencommissie" in html


def test_unknown_region_is_a_clear_error(outputs, tmp_path):
    with pytest.raises(CommandError, match="Onbekende GGD-regio"):
        call_command("annual_report", "2025", region="Atlantis", output=str(tmp_path / "x"))
