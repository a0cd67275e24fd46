"""The filtered overview as CSV or XLSX.

Only facts about the handling are exported, no names or complaint texts of parents and children
(LEGAL.md P1: minimise). Cells that a spreadsheet would read as a formula are defused by
`core.spreadsheet.defuse`, the helper the register export uses too.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from klachtwijs.core.spreadsheet import defuse
from klachtwijs.feedback import rules, workflow
from klachtwijs.feedback.models import Feedback

HEADER = [
    "Kenmerk",
    "Ontvangen op",
    "Soort",
    "Categorie",
    "Vestiging",
    "GGD-regio",
    "Dienst",
    "Wettelijk kader",
    "Status",
    "Behandelaar",
    "Antwoord uiterlijk",
    "Dagen over",
    "Beantwoord op",
    "Afgesloten op",
]


def _day(value) -> date | None:
    return timezone.localdate(value) if value else None


def export_rows(queryset: QuerySet[Feedback], *, today: date) -> Iterator[list[object]]:
    """One row per dossier, in the order of HEADER; needs `feedback_list`'s joins."""
    for f in queryset.iterator(chunk_size=500):
        due = getattr(f, "due_on", None) or f.due
        left = rules.days_left(due, today) if due and f.status in workflow.OPEN else None
        yield [
            f.reference,
            _day(f.received_at),
            f.get_kind_display(),
            f.category.name if f.category else "",
            f.location.name,
            f.location.region.name,
            f.service.name,
            f.get_framework_display(),
            f.get_status_display(),
            str(f.handler) if f.handler else "",
            due,
            left,
            _day(f.answered_at),
            _day(f.closed_at),
        ]


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return defuse(value)


def to_csv(rows: Iterable[list[object]]) -> bytes:
    """Semicolon-separated with a BOM: what Dutch Excel opens without questions."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[list[object]]) -> bytes:
    """One sheet, a bold header, dates as real dates."""
    from openpyxl import Workbook  # heavy: imported on first use only

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Klantreacties")
    sheet.append(HEADER)
    for row in rows:
        sheet.append([defuse(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
