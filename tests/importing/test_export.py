"""`export_register`: existing dossiers in the import's columns, in one query."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from klachtwijs.register.columns import COLUMNS
from klachtwijs.register.export import register_rows
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 20])
def test_export_reads_any_number_of_dossiers_in_one_query(
    morel, officer, count, django_assert_num_queries
):
    for _ in range(count):
        FeedbackFactory(location=morel, closed=True)
    # 1: the dossiers with location, region, service, category and situation joined, and the
    # outcome of their latest judgment as a subquery.
    with django_assert_num_queries(1):
        rows = register_rows()
    assert len(rows) == count
    assert rows[0]["status"] == "afgesloten"
    assert rows[0]["oordeel"] == "deels gegrond"
    assert rows[0]["reden_afsluiting"] == "afgehandeld met oordeel"


def test_export_writes_xlsx_with_the_import_columns(morel, officer, tmp_path):
    FeedbackFactory(location=morel, in_progress=True)
    path = tmp_path / "register.xlsx"
    out = io.StringIO()
    call_command("export_register", str(path), stdout=out)
    assert "1 klantreacties geschreven" in out.getvalue()
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    header, record = list(sheet.iter_rows(values_only=True))
    assert header == COLUMNS
    assert record[:3] == ("Morel", record[1], "klacht")
    assert record[COLUMNS.index("status")] == "in behandeling"


def test_export_refuses_an_unknown_file_type(tmp_path):
    with pytest.raises(CommandError, match=r"\.xlsx of \.csv"):
        call_command("export_register", str(tmp_path / "register.pdf"))
