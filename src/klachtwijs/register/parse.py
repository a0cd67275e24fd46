"""Reading a register file (CSV or XLSX) into rows of text, numbered as the spreadsheet shows.

Only reading happens here: no database, no judgement about the values (that is `validate.py`).
CSV may use `;` or `,` and be UTF-8 (with or without BOM) or Windows-1252; XLSX is read with
openpyxl in read-only mode, the first sheet, header in row 1.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext, gettext_noop

from klachtwijs.core.spreadsheet import undefuse
from klachtwijs.register.columns import normalise_header

NOT_READABLE = gettext_noop(
    "rij 1: het bestand is geen leesbaar CSV- of Excelbestand (.csv of .xlsx)."
)
EMPTY = gettext_noop("rij 1: het bestand is leeg; de eerste rij moet de kolomnamen bevatten.")

Cell = str | date | None


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, Cell]


@dataclass(frozen=True)
class Table:
    header: list[str]  # normalised column names, in file order
    rows: list[Row]


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; the message is for the user."""


def table_read(*, data: bytes, filename: str = "") -> Table:
    """Read CSV or XLSX (decided by content, then by name) into a `Table`."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        records = _xlsx_records(data)
    else:
        records = _csv_records(data)
    if not records or not any(_filled(cell) for cell in records[0]):
        raise UnreadableFile(gettext(EMPTY))
    header = [normalise_header(cell) for cell in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(_filled(cell) for cell in record):
            continue  # spreadsheets often end with empty rows
        cells = {
            name: _clean(record[index]) if index < len(record) else None
            for index, name in enumerate(header)
            if name
        }
        rows.append(Row(number=number, cells=cells))
    return Table(header=header, rows=rows)


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _clean(cell: object) -> Cell:
    """Dates stay dates; whole numbers lose Excel's `.0`; everything else becomes text."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    # What the export defused (core/spreadsheet.py) reads back as it was written.
    text = undefuse(str(cell).strip()).strip()
    return text or None


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as Windows-1252; it decodes every byte but five.
        return data.decode("cp1252", errors="replace")


def _csv_records(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # Each record is one spreadsheet row, even when a quoted cell spans several lines.
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_records(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook  # heavy: imported on first use only
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableFile(gettext(NOT_READABLE)) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read to the real end
        return list(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


@dataclass(frozen=True)
class MappingLine:
    number: int  # line in the file (CSV), or position in the list (JSON), from 1
    column: str
    value: str
    target: str


def mappings_read(*, data: bytes, filename: str = "") -> list[MappingLine]:
    """A mapping file, CSV (`kolom,waarde,doel` per line; a header `field,value,target` or
    `kolom,waarde,doel` is skipped) or JSON (a list of {"field", "value", "target"}, or
    {"onderwerp": {"communicatie": "Communicatie en informatie"}})."""
    if filename.lower().endswith(".json") or data.lstrip()[:1] in (b"[", b"{"):
        return _json_mappings(data)
    lines = []
    for number, record in enumerate(_csv_records(data), start=1):
        cells = [str(cell).strip() for cell in record]
        if not any(cells):
            continue
        if number == 1 and [c.casefold() for c in cells[:3]] in HEADERS:
            continue
        cells += [""] * (3 - len(cells))
        lines.append(MappingLine(number, normalise_header(cells[0]), cells[1], cells[2]))
    return lines


HEADERS = (["field", "value", "target"], ["kolom", "waarde", "doel"])


def _json_mappings(data: bytes) -> list[MappingLine]:
    try:
        loaded = json.loads(_decode(data))
    except ValueError as exc:
        raise UnreadableFile(gettext("het koppelbestand is geen leesbare JSON")) from exc
    if isinstance(loaded, dict):
        loaded = [
            {"field": column, "value": value, "target": target}
            for column, pairs in loaded.items()
            if isinstance(pairs, dict)
            for value, target in pairs.items()
        ]
    if not isinstance(loaded, list) or not all(isinstance(item, dict) for item in loaded):
        raise UnreadableFile(
            gettext("het koppelbestand moet een lijst zijn van {field, value, target}")
        )
    return [
        MappingLine(
            number,
            normalise_header(item.get("field")),
            str(item.get("value") or "").strip(),
            str(item.get("target") or "").strip(),
        )
        for number, item in enumerate(loaded, start=1)
    ]
