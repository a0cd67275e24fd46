"""The register export keeps meldcode texts out, defuses formulas like the list export (one
helper, `core.spreadsheet`), and every export leaves a row in the access log (LEGAL.md M2,
P3)."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from klachtwijs.core.models import AccessLog
from klachtwijs.feedback.models import Feedback
from klachtwijs.register.columns import COLUMNS
from klachtwijs.register.export import (
    RESTRICTED_TEXT,
    csv_bytes,
    register_rows,
    xlsx_bytes,
)
from klachtwijs.register.parse import table_read
from tests.factories import FeedbackFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tA1", "\rA1"]
SECRET = "Signalen bij medewerker Jansen op de groep."


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _xlsx_cells(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [tuple(c.value for c in r) for r in sheet.iter_rows()]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_in_the_register_is_defused_and_reads_back_as_written(morel, text):
    feedback = FeedbackFactory(location=morel, registered=True)
    Feedback.objects.filter(pk=feedback.pk).update(report_summary=text, report_handling=text)
    summary, handling = COLUMNS.index("omschrijving"), COLUMNS.index("afhandeling")
    records = register_rows()
    for data, cells in (
        (csv_bytes(records), _csv_cells(csv_bytes(records))),
        (xlsx_bytes(records), _xlsx_cells(xlsx_bytes(records))),
    ):
        assert cells[1][summary] == cells[1][handling] == "'" + text
        name = "register.xlsx" if data.startswith(b"PK") else "register.csv"
        (row,) = table_read(data=data, filename=name).rows
        assert row.cells["omschrijving"] == text.strip()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_register_keeps_a_meldcode_dossier_without_its_texts(morel, suffix, tmp_path):
    ordinary = FeedbackFactory(location=morel, registered=True)
    restricted = FeedbackFactory(location=morel, description=SECRET, suspected_abuse=True)
    Feedback.objects.filter(pk=restricted.pk).update(report_handling=SECRET)
    path = tmp_path / f"register{suffix}"
    call_command("export_register", str(path), stdout=io.StringIO())
    data = path.read_bytes()
    cells = _csv_cells(data) if suffix == ".csv" else _xlsx_cells(data)
    assert len(cells) == 3  # the header and both dossiers: the figures stay whole
    assert "Jansen" not in str(cells)
    summaries = [row[COLUMNS.index("omschrijving")] for row in cells[1:]]
    assert summaries == [ordinary.description, RESTRICTED_TEXT]


def test_the_register_command_writes_an_access_log_row(morel, tmp_path):
    FeedbackFactory(location=morel)
    call_command("export_register", str(tmp_path / "r.csv"), "--year", "2026", stdout=io.StringIO())
    call_command("export_register", str(tmp_path / "r.xlsx"), stdout=io.StringIO())
    rows = AccessLog.objects.order_by("pk").values_list("username", "action", "detail")
    assert list(rows) == [
        ("command:export_register", "export", "register: 1 klantreacties, jaar 2026"),
        ("command:export_register", "export", "register: 1 klantreacties, alle jaren"),
    ]


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_every_list_export_writes_an_access_log_row(client, officer, morel, name):
    FeedbackFactory(location=morel)
    login_staff(client, officer)
    assert client.get(reverse(f"staff:{name}")).status_code == 200
    (row,) = AccessLog.objects.values_list("username", "action", "view_name")
    assert row == (officer.username, "export", f"staff:{name}")
