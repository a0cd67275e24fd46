"""The register as a file: existing dossiers in the import's columns, and the empty template.

What the export writes, the import reads back: the same columns, the same Dutch words, dates as
dd-mm-jjjj (real date cells in XLSX). `omschrijving` is the anonymised report summary, or the
parent's own words when there is none yet, so the file is for staff only.

A meldcode dossier keeps its row, so the register's figures stay whole and an export imports
again to the same counts, but none of its texts: `omschrijving` holds a fixed placeholder and
`afhandeling` stays empty (LEGAL.md M2, M4: the file reaches people who may not see the
dossier). Every text cell is defused (`core.spreadsheet`), and every export is logged
(`register_export`, LEGAL.md P3).
"""

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.models import AccessLog
from klachtwijs.core.spreadsheet import defuse
from klachtwijs.feedback.models import ClosureReason, Feedback, Judgment, Outcome, Status
from klachtwijs.register import columns
from klachtwijs.register.parse import Cell

EXAMPLE = {
    "vestiging": "Morel",
    "ontvangen_op": date(2025, 3, 10),
    "soort": "klacht",
    "onderwerp": "Communicatie en informatie",
    "omschrijving": "Ouder hoorde pas bij het ophalen dat het kind was gevallen.",
    "afhandeling": "Het team belt ouders voortaan direct na een ongelukje.",
    "status": "afgesloten",
    "oordeel": "gegrond",
    "afgesloten_op": date(2025, 4, 2),
    "situatie": "",
    "dienst": "Dagopvang",
    "beantwoord_op": date(2025, 3, 28),
    "reden_afsluiting": "",
    "regio": "",
}
Record = dict[str, Cell]
# The description of a meldcode dossier in the register: its facts count, its texts stay out.
RESTRICTED_TEXT = "[meldcoderoute: geen tekst in het register]"


def register_export(*, year: int | None = None, by=None, username: str = "") -> list[Record]:
    """`register_rows`, with one access-log row for the export (LEGAL.md P3): under `by`, or
    for a command under `username` (e.g. "command:export_register")."""
    records = register_rows(year=year)
    scope = f"jaar {year}" if year is not None else "alle jaren"
    access_log_record(
        user=by,
        username=username,
        action=AccessLog.Action.EXPORT,
        detail=f"register: {len(records)} klantreacties, {scope}",
    )
    return records


def register_rows(*, year: int | None = None) -> list[Record]:
    """Every dossier (of `year`, by date received) as a row of the register, oldest first.

    A situation is written only when at least two of its dossiers are in the file, and
    under a name that is unique in the file, so the file can be imported again as it is.
    """
    latest = Judgment.objects.filter(feedback=OuterRef("pk")).order_by("-decided_on", "-pk")
    dossiers = Feedback.objects.select_related(
        "location__region", "service", "category", "situation"
    ).annotate(outcome=Subquery(latest.values("outcome")[:1]))
    if year is not None:
        start, end = (
            timezone.make_aware(datetime.combine(date(y, 1, 1), time.min)) for y in (year, year + 1)
        )
        dossiers = dossiers.filter(received_at__gte=start, received_at__lt=end)
    dossiers = list(dossiers.order_by("received_at", "pk"))
    members = Counter(f.situation_id for f in dossiers if f.situation_id)
    names = _situation_names([f.situation for f in dossiers if members[f.situation_id] > 1])
    return [_record(f, names.get(f.situation_id, "")) for f in dossiers]


def _situation_names(situations) -> dict[int, str]:
    names: dict[int, str] = {}
    for situation in situations:
        if situation.pk not in names:
            name, n = situation.title, 1
            while name in names.values():
                n += 1
                name = f"{situation.title} ({n})"
            names[situation.pk] = name
    return names


def _local(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def _record(f: Feedback, situation: str) -> Record:
    judged = f.outcome and f.status in (Status.ANSWERED, Status.CLOSED)
    closed = f.status == Status.CLOSED
    summary = RESTRICTED_TEXT if f.is_restricted else f.report_summary or f.description
    return {
        "vestiging": f.location.name,
        "ontvangen_op": _local(f.received_at),
        "soort": columns.KIND_WORD[f.kind],
        "onderwerp": f.category.name if f.category else "",
        "omschrijving": summary,
        "afhandeling": "" if f.is_restricted else f.report_handling,
        "status": columns.word(f.status, Status),
        "oordeel": columns.word(f.outcome, Outcome) if judged else "",
        "afgesloten_op": _local(f.closed_at) if closed else None,
        "situatie": situation,
        "dienst": f.service.name,
        "beantwoord_op": _local(f.answered_at) if judged else None,
        "reden_afsluiting": columns.word(f.closure_reason, ClosureReason) if closed else "",
        "regio": f.location.region.name,
    }


def csv_bytes(records: Iterable[Record]) -> bytes:
    """UTF-8 with BOM and `;`: what Excel in Dutch opens correctly with a double click."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns.COLUMNS)
    for record in records:
        writer.writerow(_text(record.get(name)) for name in columns.COLUMNS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value: Cell) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return defuse(value or "")


def xlsx_bytes(records: Iterable[Record]) -> bytes:
    """One sheet "Register": bold header row, dates as real date cells."""
    from openpyxl import Workbook  # heavy: imported on first use only
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    bold = Font(bold=True)
    header = []
    for name in columns.COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for record in records:
        sheet.append([_cell(sheet, record.get(name)) for name in columns.COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(sheet, value: Cell):
    if isinstance(value, date):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD-MM-YYYY"
        return cell
    return defuse(value) or None
