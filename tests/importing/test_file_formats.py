"""CSV with `;` or `,`, UTF-8 (with or without BOM) or Windows-1252, and XLSX."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.utils import timezone

from klachtwijs.feedback.models import Feedback
from klachtwijs.register.parse import UnreadableFile, table_read
from klachtwijs.register.services import register_import
from tests.factories import LocationFactory, ServiceFactory
from tests.importing.conftest import HEADER, csv_file, row

pytestmark = pytest.mark.django_db
SAFETY = "Veiligheid, gezondheid en hygiëne"  # a comma and a diaeresis


@pytest.fixture
def cafe(region, officer):
    return LocationFactory(name="Café Zonnebloem", region=region, services=[ServiceFactory()])


def _import(data: bytes, filename: str):
    table = table_read(data=data, filename=filename)
    return register_import(rows=table, create_locations=False, dry_run=False)


ROWS = [
    row(vestiging="Café Zonnebloem", onderwerp=SAFETY, omschrijving="Hek stond open; één keer."),
    row(
        vestiging="café zonnebloem",
        ontvangen_op="2025-05-06",
        status="ontvangen",
        oordeel="",
        afgesloten_op="",
        onderwerp="",
    ),
]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8"), (",", "utf-8"), (";", "utf-8-sig"), (",", "cp1252"), (";", "cp1252")],
)
def test_csv_in_every_dialect_and_encoding(cafe, delimiter, encoding):
    result = _import(csv_file(ROWS, delimiter=delimiter, encoding=encoding), "register.csv")
    assert result.errors == []
    first, second = Feedback.objects.order_by("received_at")
    assert first.location == cafe
    assert first.category.name == SAFETY
    assert first.description == "Hek stond open; één keer."
    assert timezone.localdate(second.received_at) == date(2025, 5, 6)


def test_row_numbers_count_spreadsheet_rows_not_lines(cafe):
    rows = [
        row(vestiging="Café Zonnebloem", omschrijving="Twee\nregels"),
        ["", "", "", "", "", "", "", "", "", ""],  # an empty row is skipped but counted
        row(vestiging="Café Zonnebloem", soort="klagt"),
    ]
    result = _import(csv_file(rows), "register.csv")
    assert result.errors == [
        "rij 4, soort: 'klagt' is geen bekende soort (kies uit: klacht, "
        "verbeterpunt, compliment, vraag of signaal)"
    ]


def _xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_with_real_date_cells_and_text_dates(cafe):
    rows = [
        [
            *row(vestiging="Café Zonnebloem")[:1],
            date(2025, 3, 10),
            *row()[2:8],
            datetime(2025, 4, 2, 0, 0),  # noqa: DTZ001 - how Excel date cells read back
            "",
        ],
        row(vestiging="Café Zonnebloem", ontvangen_op="11-03-2025"),
        [None] * 10,
        row(vestiging="Café Zonnebloem", ontvangen_op="45000"),
    ]
    result = _import(_xlsx(rows), "register.xlsx")
    assert result.errors == [
        "rij 5, ontvangen_op: '45000' is geen datum (schrijf dd-mm-jjjj of jjjj-mm-dd)"
    ]
    del rows[3]
    assert _import(_xlsx(rows), "Register.XLSX").errors == []
    dates = sorted(timezone.localdate(f.closed_at) for f in Feedback.objects.all())
    assert dates == [date(2025, 4, 2), date(2025, 4, 2)]


def test_an_unreadable_file_is_a_clear_error():
    with pytest.raises(UnreadableFile, match="geen leesbaar"):
        table_read(data=b"PK\x03\x04 not really a zip", filename="register.xlsx")
    with pytest.raises(UnreadableFile, match="leeg"):
        table_read(data=b"", filename="register.csv")
