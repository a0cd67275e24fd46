"""The demo organisation's 2025 report, written by the command line in all three formats and
read back (the demo and each format are made once for this module)."""

import io
import re
import zipfile

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from docx.table import Table
from pypdf import PdfReader

from klachtwijs.feedback.models import Feedback, counts_as_complaint
from klachtwijs.organisation.models import Region
from klachtwijs.reports.content import report_content
from klachtwijs.reports.evidence import evidence_pack, pack_check
from klachtwijs.reports.figures import Scope
from tests.reports.evidence_read import csv_rows, members_clean, pdf_pieces, pdf_text

MOREL_NOTE = "Deze 3 klantreacties gaan over één situatie."
BZO, SAMPLE = "Brabant-Zuidoost", ("2025-0013", "2025-0049")
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
        # The inspector's evidence pack of 2025 and Brabant-Zuidoost, through the command,
        # with two dossiers as the sample (issue 17); read back in `test_evidence_pack_…`.
        region = Region.objects.get(name=BZO)
        for fmt in ("pdf", "zip"):
            files[f"evidence_{fmt}"] = folder / f"bewijs.{fmt}"
            call_command(
                "evidence_pack",
                "2025",
                BZO,
                out=str(files[f"evidence_{fmt}"]),
                sample=",".join(SAMPLE),
                stdout=io.StringIO(),
            )
        sample = Feedback.objects.filter(reference__in=SAMPLE).values_list("pk", flat=True)
        pack = evidence_pack(year=2025, region=region, sample_ids=list(sample))
        pdf_hits = pack_check(pack, {"pdf": pdf_pieces(files["evidence_pdf"].read_bytes())})
        archive = zipfile.ZipFile(files["evidence_zip"])
        files["evidence_hits"] = members_clean(pack, archive) | (
            {"pdf": pdf_hits} if pdf_hits else {}
        )
        files["evidence_complaints"] = list(
            Feedback.objects.filter(
                counts_as_complaint(),
                location__region=region,
                received_at__year=2025,
                is_restricted=False,
            )
            .order_by("received_at", "pk")
            .values_list("reference", flat=True)
        )
        # What the appendix must show: per location, its rows in order (the same selector).
        expected = [
            (location, [(r.summary, r.handling, r.note) for r in rows])
            for location, rows in report_content(scope=Scope(year=2025)).appendix_by_location
        ]
        yield files, logs, expected
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_text_in_drawing_order(path) -> str:
    """All text of the PDF in the order it is drawn: a table row's omschrijving, then its
    afhandeling (not mixed line by line, as the columns would be on paper)."""
    parts: list[str] = []
    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=lambda text, *_args: parts.append(text))
    return _words(" ".join(parts))


def _titles(outline: list) -> list[str]:
    """The PDF's bookmarks (from the headings), nested lists flattened."""
    return [
        t for item in outline for t in (_titles(item) if isinstance(item, list) else [item.title])
    ]


def _docx_appendix(path) -> list[tuple[str, list[list[str]]]]:
    """(heading, table rows as cell texts) for each table under a heading in the appendix."""
    document = docx.Document(path)
    parts: list[tuple[str, list[list[str]]]] = []
    heading, in_appendix = "", False
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if in_appendix:
                parts.append((heading, [[c.text for c in row.cells] for row in block.rows]))
        elif block.style.name.startswith("Heading"):
            heading = block.text
            in_appendix = in_appendix or block.text == "Bijlage: klachten per vestiging"
    return parts


def test_demo_appendix_has_rows_and_the_morel_situation(outputs):
    expected = dict(outputs[2])
    morel = expected["Morel"]
    assert len(morel) == 3
    assert [bool(note) for _s, _h, note in morel] == [False, False, True]
    assert MOREL_NOTE in morel[-1][2]


def test_command_shows_progress_and_writes_every_format(outputs):
    files, logs, _expected = outputs
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
    assert "Bijlage: klachten per vestiging" in _titles(reader.outline)  # a PDF bookmark


def test_pdf_appendix_has_every_row_in_order_under_its_location(outputs):
    files, _logs, expected = outputs
    text = _pdf_text_in_drawing_order(files["pdf"])
    position = text.index("Bijlage: klachten per vestiging")
    for location, rows in expected:
        # The location's heading, then its table's header: omschrijving, afhandeling.
        position = text.index(f"{location} Omschrijving Afhandeling", position)
        for summary, handling, note in rows:
            row = _words(f"{summary} {handling} {note}")
            assert text.find(row, position) != -1, f"{location}: {row!r} missing or out of order"
            position = text.index(row, position) + len(row)
    assert "Bijlage – vestiging Morel" in text  # the running head of the appendix pages


def test_docx_has_real_headings_tables_and_the_morel_rows(outputs):
    files, _logs, expected = outputs
    document = docx.Document(files["docx"])
    headings = {
        p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")
    }
    assert headings["Inleiding"] == "Heading 1"
    assert headings["Klantreacties per soort"] == "Heading 2"
    assert headings["Morel"] == "Heading 2"
    assert any(NO_DISPUTES in p.text for p in document.paragraphs)
    # Per location a table: omschrijving and afhandeling, a situation's note across both.
    appendix = _docx_appendix(files["docx"])
    assert [heading for heading, _rows in appendix] == [loc for loc, _rows in expected]
    for (_heading, rows), (_location, wanted) in zip(appendix, expected, strict=True):
        assert rows[0] == ["Omschrijving", "Afhandeling"]
        cells = []
        for summary, handling, note in wanted:
            cells.append([summary, handling])
            if note:
                cells.append([note, note])  # one merged cell reads back in both columns
        assert rows[1:] == cells
    morel = dict(appendix)["Morel"]
    assert sum(MOREL_NOTE in row[0] for row in morel) == 1


def test_jeugdwet_variant_has_the_committee_section(outputs):
    html = outputs[0]["youth"].read_text()
    assert "Klachtenjaarverslag 2025 Jeugdwet, regio Arnhem" in html
    assert "De klachtencommissie" in html


def test_unknown_region_is_a_clear_error(outputs, tmp_path):
    with pytest.raises(CommandError, match="Onbekende GGD-regio"):
        call_command("annual_report", "2025", region="Atlantis", output=str(tmp_path / "x"))


def test_evidence_pack_of_2025_brabant_zuidoost_reads_back_clean(outputs):
    """Issue 17 item 2, done when: the demo's pack for 2025 and Brabant-Zuidoost, PDF text and
    ZIP contents, read back, passes the personal-data check."""
    files = outputs[0]
    text = pdf_text(files["evidence_pdf"].read_bytes())
    contents = text.split("Inhoud", 1)[1].split("pagina 2 van", 1)[0]
    for title in ("De klachtenregeling in 2025", "Klachten in 2025", "Geschillen in 2025"):
        assert re.search(rf"\d\. {title} \.+ \d+", contents)
    assert "Tijdlijnen van de steekproef" in contents
    assert all(reference in text for reference in SAMPLE)
    assert "klantpanel" in text  # the regulation's advice
    assert NO_DISPUTES in " ".join(text.split())
    archive = zipfile.ZipFile(files["evidence_zip"])
    [complaints] = [n for n in archive.namelist() if n.endswith("4-klachten.csv")]
    rows = csv_rows(archive.read(complaints))
    assert [r["Kenmerk"] for r in rows] == files["evidence_complaints"]
    assert {r["Binnen de termijn"] for r in rows} <= {"ja", "nee", "n.v.t."}
    [steps] = [n for n in archive.namelist() if n.endswith("6-tijdlijnen.csv")]
    assert {r["Kenmerk"] for r in csv_rows(archive.read(steps))} == set(SAMPLE)
    assert files["evidence_hits"] == {}
