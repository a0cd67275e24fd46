"""The evidence pack as files: one PDF with a contents page, and a ZIP of its parts (a PDF and,
where the part is a table, a CSV each) with the stored final report itself.

Both are made from the one `EvidencePack` and checked by `evidence.pack_check` before they
leave: a pack with a hit is refused (`EvidenceNotClean`), never handed out.
"""

import csv
import hashlib
import html as html_module
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from klachtwijs.core.spreadsheet import defuse
from klachtwijs.reports.evidence import EvidencePack, pack_check
from klachtwijs.reports.render_html import COLOUR
from klachtwijs.reports.texts import markdown_html

NOT_CLEAN = (
    "De bewijsmap is niet gemaakt: de privacycontrole vond iets dat naar een persoon kan "
    "leiden ({hits}). Pas de tekst aan en probeer het opnieuw."
)


class EvidenceNotClean(ValidationError):
    pass


@dataclass(frozen=True)
class Part:
    number: int
    slug: str
    title: str

    @property
    def stem(self) -> str:
        return f"{self.number}-{self.slug}"


def parts(pack: EvidencePack) -> list[Part]:
    """The parts in order; the contents page lists these titles."""
    titles = [
        ("klachtenregeling", f"De klachtenregeling in {pack.year}"),
        ("bekendmaking", "Hoe ouders over de regeling horen"),
        ("jaarverslag", f"Het klachtenjaarverslag over {pack.year}"),
        ("klachten", f"Klachten in {pack.year}"),
        ("geschillen", f"Geschillen in {pack.year}"),
        ("tijdlijnen", "Tijdlijnen van de steekproef"),
    ]
    return [Part(n, slug, title) for n, (slug, title) in enumerate(titles, start=1)]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return defuse(value)


def _csv(header: list[str], rows: list[list[object]]) -> str:
    """Semicolon-separated, as the other exports (Dutch Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def csv_files(pack: EvidencePack) -> dict[str, str]:
    """The parts that are tables, as CSV text (name -> text)."""
    regulation: list[list[object]] = []
    for r in pack.regulations:
        base = [r.version, r.in_force_from, r.in_force_until, r.published_on]
        advices = [base + [a.body, a.kind, a.on, a.text] for a in r.advices]
        regulation += advices or [base + ["", "", None, ""]]
    report = []
    if pack.report is not None:
        r = pack.report
        report.append(
            [r.title, r.version, r.final_on, r.filename, r.sha256, r.ggd_on, r.parents_on]
            + [r.published_on]
        )
    complaints = [
        [c.reference, c.location, c.service, c.framework, c.received, c.due, c.answered]
        + [c.in_time, c.outcome, c.measures, c.measures_done]
        for c in pack.complaints
    ]
    disputes = [
        [d.reference, d.body, d.started_on, d.ended_on, d.result, d.binding, d.summary]
        for d in pack.disputes
    ]
    steps = [
        [t.reference, t.kind, t.location, t.received, s.day, s.on, s.kind, s.change, s.channel]
        for t in pack.timelines
        for s in t.steps
    ]
    header = ["Versie", "Geldig vanaf", "Geldig tot", "Gepubliceerd op", "Gegeven door"]
    header += ["Advies of instemming", "Datum", "Toelichting"]
    return {
        "1-klachtenregeling.csv": _csv(header, regulation),
        "3-jaarverslag.csv": _csv(
            ["Verslag", "Versie", "Definitief op", "Bestand", "SHA-256", "Naar de GGD op"]
            + ["Ouders ingelicht op", "Gepubliceerd op"],
            report,
        ),
        "4-klachten.csv": _csv(
            ["Kenmerk", "Vestiging", "Dienst", "Wettelijk kader", "Ontvangen op"]
            + ["Antwoord uiterlijk", "Beantwoord op", "Binnen de termijn", "Oordeel"]
            + ["Maatregelen", "Maatregelen uitgevoerd"],
            complaints,
        ),
        "5-geschillen.csv": _csv(
            ["Kenmerk", "Instantie", "Begonnen op", "Afgerond op", "Uitspraak", "Bindend"]
            + ["Samenvatting"],
            disputes,
        ),
        "6-tijdlijnen.csv": _csv(
            ["Kenmerk", "Soort", "Vestiging", "Ontvangen op", "Dag", "Datum", "Stap"]
            + ["Status", "Contactvorm"],
            steps,
        ),
    }


def html(pack: EvidencePack, *, only: Part | None = None) -> str:
    """The pack (or one part of it) as a print document: cover, contents, parts."""
    chosen = [only] if only is not None else parts(pack)
    return render_to_string(
        "reports/evidence_document.html",
        {
            "pack": pack,
            "parts": chosen,
            "contents": only is None,
            "publicity_html": markdown_html(pack.publicity),
            "colour": COLOUR,
        },
    )


def _pdf(document: str) -> bytes:
    from klachtwijs.reports.render_pdf import pdf_from_html

    return pdf_from_html(document)


def _texts(document: str) -> list[str]:
    """What a reader of the PDF reads, one piece per element (a table cell, a paragraph), so
    the check never joins the end of one cell to the next ("beantwoord" and "12" are no
    street and house number)."""
    body = re.sub(r"<style.*?</style>", "", document, flags=re.DOTALL)
    pieces = (html_module.unescape(p).strip() for p in re.split(r"<[^>]+>", body))
    return [p for p in pieces if p]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def _check(pack: EvidencePack, texts: dict[str, list[str]]) -> None:
    hits = pack_check(pack, texts)
    if hits:
        found = ", ".join(sorted({f"{h.kind} '{h.text}' in {h.where}" for h in hits}))
        raise EvidenceNotClean(NOT_CLEAN.format(hits=found))


def evidence_pdf(pack: EvidencePack) -> bytes:
    """One PDF: cover, contents with page numbers, every part (the annual report's look)."""
    document = html(pack)
    _check(pack, {f"{pack.slug}.pdf": _texts(document)})
    return _pdf(document)


def evidence_zip(pack: EvidencePack) -> bytes:
    """The ZIP: the whole PDF, each part as PDF, the tables as CSV, the stored final report
    (byte for byte, its SHA-256 in part 3) and SHA256SUMS.txt over every member."""
    documents = {f"{pack.slug}.pdf": html(pack)}
    documents |= {f"{part.stem}.pdf": html(pack, only=part) for part in parts(pack)}
    tables = csv_files(pack)
    pieces = {name: _texts(text) for name, text in documents.items()}
    _check(pack, pieces | {name: _cells(text) for name, text in tables.items()})
    members: dict[str, bytes] = {name: _pdf(text) for name, text in documents.items()}
    members |= {name: ("\ufeff" + text).encode() for name, text in tables.items()}
    if pack.report is not None:
        with default_storage.open(pack.report.path, "rb") as stored:
            members[f"jaarverslag/{pack.report.filename}"] = stored.read()
    sums = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in members.items()
    )
    members["SHA256SUMS.txt"] = sums.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(f"{pack.slug}/{name}", data)
    return buffer.getvalue()
