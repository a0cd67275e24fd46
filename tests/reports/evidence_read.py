"""Reading the evidence pack's files back: the PDF's text and pieces, CSV rows, the check
over every member of the ZIP."""

import csv
import io
import re
import zipfile

from pypdf import PdfReader

from klachtwijs.reports.evidence import pack_check


def pdf_pieces(data: bytes) -> list[str]:
    """The PDF's text as pieces, as the check reads the pack (`evidence_files._texts`): laid
    out as on paper, a table's cells stand two or more spaces apart, so each is a piece."""
    pieces: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        pieces += re.split(r"\s{2,}|\n", page.extract_text(extraction_mode="layout"))
    return [p.strip() for p in pieces if p.strip()]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def members_clean(pack, archive: zipfile.ZipFile) -> dict[str, list]:
    """The personal-data check over every member of the ZIP: hits per member."""
    hits = {}
    for name in archive.namelist():
        data = archive.read(name)
        pieces = pdf_pieces(data) if name.endswith(".pdf") else data.decode("utf-8-sig")
        hits[name] = pack_check(pack, {name: pieces})
    return {name: found for name, found in hits.items() if found}
