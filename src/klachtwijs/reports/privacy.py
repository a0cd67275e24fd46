"""The personal-data check (LEGAL.md R2): nothing in a report may lead to a person.

All text of a report is scanned for every name the system knows — children's first names,
submitters' names and their parts (first name, last name with and without "van", "de", …,
initial plus last name), staff names — in any case and with a possessive -s, and for what
leads to a person without a name (Wko 1.57b lid 5–6: no home addresses): e-mail addresses, Dutch
phone numbers, home addresses (street and house number), Dutch postcodes, dates (a date may be a
date of birth), BSN numbers (that pass the 11-test), IBANs (that pass the mod-97 check) and Dutch
licence plates. The organisation's own and its locations' addresses, postcodes, phone and e-mail
are public, not personal, and are not reported. Each hit says where it is and shows the words
around it. A report becomes final only when every hit is fixed or explicitly accepted, and every
complaint in the appendix has its anonymised summary and handling.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Location, Organisation, User
from klachtwijs.reports.content import AppendixRow, ReportContent

# Name particles (tussenvoegsels): "van der Linden" is also found as "Linden".
PARTICLES = frozenset(
    ["van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "el", "al", "la", "le", "du"]
    + ["da", "von", "in", "op", "aan", "bij", "uit"]
)
MAX_NAME_WORDS = 5
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d])(?:\+31|0031|0)(?:[\s-]?\d){9}(?!\d)")
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
DATE = re.compile(
    rf"\b\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}\b|\b\d{{1,2}}\s+(?:{MONTHS})\s+(?:19|20)\d{{2}}\b",
    re.IGNORECASE,
)
ISO_DATE = re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
# A Dutch postcode: four digits (not starting with 0), two letters (SA, SD and SS are not used).
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
# A street and house number: a word ending as Dutch street names end, then the number with an
# optional letter or addition ("Kerkstraat 12", "Van Goghlaan 3a", "Oude Gracht 101-2").
STREET_ENDINGS = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|pad|hof|park|plantsoen|markt"
    "|ring|baan|oord|veld|hoven|wal|haven|burg|berg|dam|akker|kamp|wetering|vaart|allee"
)
ADDRESS = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'’-]*\s+(?:(?:van|de|der|den|het|ter|ten|'t)\s+)*){0,3}"
    rf"[\w'’-]*(?i:{STREET_ENDINGS})\s+\d{{1,5}}(?:\s?[a-zA-Z]\b|-\d{{1,4}}\b)?"
)
# Nine digits, possibly grouped with dots or spaces ("1234.56.782"); kept only if the 11-test holds.
BSN = re.compile(r"(?<!\d)(?<!\d[.-])\d{4}[.\s]?\d{2}[.\s]?\d{3}(?!\d|[.-]\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b")
# Dutch licence plates (kentekens) in their side codes, written with hyphens: "AB-12-CD",
# "12-ABC-3", "1-ABC-23", "ABC-12-D", "G-123-BB": groups of 2-2-2, 2-3-1, 1-3-2, 3-2-1 or 1-2-3
# characters, each group all letters or all digits (`plate_valid`).
PLATE = re.compile(
    r"(?<![\w-])(?:[A-Z0-9]{2}-[A-Z0-9]{2}-[A-Z0-9]{2}|[A-Z0-9]{2}-[A-Z0-9]{3}-[A-Z0-9]"
    r"|[A-Z0-9]-[A-Z0-9]{3}-[A-Z0-9]{2}|[A-Z0-9]{3}-[A-Z0-9]{2}-[A-Z0-9]"
    r"|[A-Z0-9]-[A-Z0-9]{2}-[A-Z0-9]{3})(?![\w-])"
)


def bsn_valid(digits: str) -> bool:
    """The BSN 11-test (elfproef): 9×d1 + 8×d2 + … + 2×d8 − d9 is a multiple of 11, not 0."""
    numbers = [int(c) for c in digits if c.isdigit()]
    if len(numbers) != 9 or not any(numbers):
        return False
    total = sum(weight * n for weight, n in zip(range(9, 1, -1), numbers[:8], strict=True))
    return (total - numbers[8]) % 11 == 0


def iban_valid(text: str) -> bool:
    """The IBAN check (ISO 13616, mod 97 = 1); a Dutch IBAN has 18 characters."""
    iban = re.sub(r"\s", "", text).upper()
    if not 15 <= len(iban) <= 34 or (iban.startswith("NL") and len(iban) != 18):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def plate_valid(text: str) -> bool:
    """A side code of letters and digits in groups: each group is all letters or all digits."""
    groups = text.split("-")
    kinds = {g.isalpha() for g in groups}
    return all(g.isalpha() or g.isdigit() for g in groups) and kinds == {True, False}


# (kind, pattern, validator): a match counts only when its validator (if any) accepts it.
PATTERNS = [
    ("e-mailadres", EMAIL, None),
    ("IBAN", IBAN, iban_valid),
    ("telefoonnummer", PHONE, None),
    ("BSN", BSN, bsn_valid),
    ("adres", ADDRESS, None),
    ("postcode", POSTCODE, None),
    ("kenteken", PLATE, plate_valid),
    ("datum (geboortedatum?)", DATE, None),
    ("datum (geboortedatum?)", ISO_DATE, None),
]
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Hit:
    """One finding: what kind, the text found, and where it stands in the report."""

    kind: str
    text: str
    where: str
    feedback_id: int | None = None
    before: str = field(default="", compare=False)
    after: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        raw = f"{self.kind}|{self.text.lower()}|{self.where}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass
class CheckResult:
    hits: list[Hit]
    missing: list[AppendixRow]
    accepted: set[str] = field(default_factory=set)
    rows: dict[int, AppendixRow] = field(default_factory=dict)

    @property
    def rows_to_fix(self) -> list[AppendixRow]:
        """Appendix rows with an open hit or without texts, each once, in report order."""
        ids = {h.feedback_id for h in self.open_hits} | {r.feedback_id for r in self.missing}
        return [row for pk, row in self.rows.items() if pk in ids]

    @property
    def open_hits(self) -> list[Hit]:
        return [h for h in self.hits if h.key not in self.accepted]

    @property
    def is_clean(self) -> bool:
        return not self.open_hits and not self.missing


@dataclass
class NameIndex:
    """Known names as lower-case word tuples (a one-word name is a tuple of one), and the
    organisation's public contact data (its own and its locations' addresses, postcodes, phone
    and e-mail), which are not personal data and are not reported."""

    names: set[tuple[str, ...]] = field(default_factory=set)
    public: set[str] = field(default_factory=set)

    def add_public(self, *values: str) -> None:
        self.public.update(_normal(v) for v in values if v and v.strip())

    def is_public(self, text: str) -> bool:
        normal = _normal(text)
        return any(normal == p or (len(normal) > 5 and normal in p) for p in self.public)

    def add_person(self, full_name: str) -> None:
        words = [w.lower() for w in WORD.findall(full_name)]
        words = [w for w in words if len(w) > 1 or w in PARTICLES]
        if not words:
            return
        self.names.add(tuple(words))
        first, rest = words[0], words[1:]
        self.add_word(first)
        if rest:
            self.names.add(tuple(rest))  # last name with its particles: "van dam"
            core = [w for w in rest if w not in PARTICLES]
            if core:
                self.names.add(tuple(core))  # "dam"
                self.names.add((first[0], *rest))  # initial + last name: "j. van dam"
                self.names.add((first[0], *core))

    def add_word(self, word: str) -> None:
        word = word.lower().strip()
        if len(word) > 1 and word not in PARTICLES:
            self.names.add((word,))


def _normal(text: str) -> str:
    return re.sub(r"[\s.-]+", "", text).lower()


def known_names() -> NameIndex:
    """Every name the system knows: children, submitters and staff (read in chunks); and the
    organisation's public addresses and contact data."""
    index = NameIndex()
    for org in Organisation.objects.all():
        index.add_public(org.street, org.postcode, org.phone, org.email)
        index.add_public(org.complaints_officer_email)
    for street, postcode in Location.objects.values_list("street", "postcode"):
        index.add_public(street, postcode)
    rows = Feedback.objects.order_by().values_list("submitter_name", "children")
    for submitter, children in rows.iterator(chunk_size=2000):
        index.add_person(submitter or "")
        for child in children or []:
            for word in WORD.findall(str(child.get("first_name", ""))):
                index.add_word(word)
    for first, last in User.objects.values_list("first_name", "last_name"):
        index.add_person(f"{first} {last}")
    return index


def _variants(word: str) -> Iterator[str]:
    """A word as written, and without a possessive: "Sem's", "Sems" -> "sem"."""
    lower = word.lower()
    yield lower
    for suffix in ("'s", "’s", "s"):
        if lower.endswith(suffix) and len(lower) - len(suffix) > 1:
            yield lower[: -len(suffix)]


def scan_text(
    text: str, *, where: str, names: NameIndex, feedback_id: int | None = None
) -> list[Hit]:
    """All hits in one text: patterns first, then names (longest name first)."""
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def hit(kind: str, start: int, end: int) -> Hit:
        before = text[max(0, start - CONTEXT_CHARS) : start]
        after = text[end : end + CONTEXT_CHARS]
        return Hit(kind, text[start:end], where, feedback_id, before=before, after=after)

    for kind, pattern, valid in PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            if valid is not None and not valid(match.group()):
                continue
            taken.append(match.span())
            if names.is_public(match.group()):
                continue
            hits.append(hit(kind, *match.span()))
    words = [m for m in WORD.finditer(text) if not any(a <= m.start() < b for a, b in taken)]
    i = 0
    while i < len(words):
        found = 0
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            head = tuple(w.group().lower() for w in words[i : i + n - 1])
            if any((*head, last) in names.names for last in _variants(words[i + n - 1].group())):
                found = n
                break
        if found:
            hits.append(hit("naam", words[i].start(), words[i + found - 1].end()))
            i += found
        else:
            i += 1
    return hits


def report_texts(content: ReportContent) -> Iterator[tuple[str, str, int | None]]:
    """(where, text, dossier) for every piece of free text the report prints."""
    for section in content.sections:
        yield f"Hoofdstuk '{section.title}'", section.markdown, None
    for improvement in content.improvements:
        where = f"Verbetering '{improvement['title']}'"
        yield where, improvement["title"], None
        yield where + ", omschrijving", improvement["description"], None
        yield where + ", advies klantpanel", improvement["client_panel_advice"], None
    for dispute in content.disputes:
        yield f"Geschil bij dossier {dispute['reference']}", dispute["summary"], None
    for row in content.appendix:
        where = f"Bijlage, {row.location}, dossier {row.reference}"
        yield where + ", omschrijving", row.summary, row.feedback_id
        yield where + ", afhandeling", row.handling, row.feedback_id
        if row.note:
            yield where + ", toelichting situatie", row.note, row.feedback_id


def content_check(content: ReportContent, *, accepted: Iterable[str] = ()) -> CheckResult:
    """Scan all of a report's text; list the complaints without anonymised texts."""
    names = known_names()
    hits = [
        hit
        for where, text, feedback_id in report_texts(content)
        if text
        for hit in scan_text(text, where=where, names=names, feedback_id=feedback_id)
    ]
    return CheckResult(
        hits=hits,
        missing=content.missing_texts,
        accepted=set(accepted),
        rows={row.feedback_id: row for row in content.appendix},
    )


MONTH_NAMES = MONTHS.split("|")


def month_of(text: str) -> str | None:
    """A date found in a text as its month ("12-03-2026" -> "maart 2026"), or None.

    The client panel reads dates as months: enough to follow the story, too coarse to point at a
    birthday or a single day at a location.
    """
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if ISO_DATE.fullmatch(text):
        year, month = numbers[0], numbers[1]
    elif len(numbers) == 3:
        month, year = numbers[1], numbers[2]
    elif len(numbers) == 2:
        word = re.search(MONTHS, text, re.IGNORECASE)
        if word is None:
            return None
        month, year = MONTH_NAMES.index(word.group(0).lower()) + 1, numbers[1]
    else:
        return None
    if not 1 <= month <= 12:
        return None
    return f"{MONTH_NAMES[month - 1]} {year}"


def redact(text: str, names: NameIndex) -> str:
    """Replace every hit in `text` by "[…]": for readers who may never see personal data.

    A date becomes its month instead (`month_of`), so the text still says when.
    """
    for hit in sorted(
        scan_text(text, where="", names=names), key=lambda h: len(h.text), reverse=True
    ):
        month = month_of(hit.text) if hit.kind.startswith("datum") else None
        text = re.sub(rf"(?<!\w){re.escape(hit.text)}(?!\w)", month or "[…]", text)
    return text


def content_redact(content: ReportContent) -> ReportContent:
    """The same content with every hit replaced, for the client panel (nothing personal)."""
    names = known_names()
    for section in content.sections:
        section.markdown = redact(section.markdown, names)
    content.regulation = redact(content.regulation, names)
    for improvement in content.improvements:
        for key in ("title", "description", "client_panel_advice"):
            improvement[key] = redact(improvement[key], names)
    for dispute in content.disputes:
        dispute["summary"] = redact(dispute["summary"], names)
        dispute["reference"] = ""
    for row in content.appendix:
        row.summary, row.handling = redact(row.summary, names), redact(row.handling, names)
        row.note, row.reference = redact(row.note, names), ""
    return content
