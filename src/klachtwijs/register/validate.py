"""Checking every row of a register file before anything is stored.

Every problem is collected, not only the first, as "rij N, kolom: reden" with N the row number
the spreadsheet shows (header = row 1), e.g. "rij 7, soort: 'klagt' is geen bekende soort".
Reads the organisation's locations, services, categories and regions once; writes nothing.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from klachtwijs.feedback.models import Category, ClosureReason, Kind, Status
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Region, Service
from klachtwijs.register import columns
from klachtwijs.register.matching import MAPPED, Mappings, Vocabularies, Vocabulary, normalise
from klachtwijs.register.parse import Cell, MappingLine, Table

DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$")
MELDCODE_KINDS = (Kind.COMPLAINT, Kind.SIGNAL)
CLOSED_WITHOUT_JUDGMENT = (
    ClosureReason.SOLVED,
    ClosureReason.NOT_ADMISSIBLE,
    ClosureReason.FORWARDED,
    ClosureReason.HANDLED,
)


@dataclass(frozen=True)
class ImportRow:
    """One checked row: everything the import needs to build the dossier."""

    number: int
    location_name: str
    location: Location | None  # None: a new location, made in `region`
    region: Region | None
    service: Service
    received_on: date
    kind: str
    category: Category | None
    summary: str
    handling: str
    status: str
    outcome: str
    closure_reason: str
    answered_on: date | None
    closed_on: date | None
    situation: str


@dataclass(frozen=True)
class NewLocation:
    """A location to create for the rows with this name (chosen in the web's mapping step)."""

    name: str
    region: Region
    service: Service


@dataclass
class _Lookups:
    vocabularies: Vocabularies
    offered: dict[int, list[Service]]
    default_service: Service | None

    @classmethod
    def load(cls, mappings: Mappings | None, service: Service | None) -> "_Lookups":
        vocabularies = Vocabularies.load(mappings)
        wko = [s for s in vocabularies.services if s.framework == LegalFramework.WKO]
        return cls(
            vocabularies=vocabularies,
            offered={
                loc.pk: sorted(loc.services.all(), key=lambda s: s.pk)
                for loc in vocabularies["vestiging"].words.values()
            },
            default_service=service or min(wko, key=lambda s: s.pk, default=None),
        )

    def known(self, column: str) -> str:
        return "; ".join(self.vocabularies[column].labels)


def row_error(number: int, column: str, reason: str) -> str:
    """The error "rij N, kolom: reden"; the column is the file's own name, Dutch in any language."""
    return gettext("rij %(row)s, %(column)s: %(reason)s") % {
        "row": number,
        "column": column,
        "reason": reason,
    }


class _Row:
    """Reads one row's cells and collects its errors, with the row number to sort them by."""

    def __init__(self, number: int, cells: dict[str, Cell], errors: list[tuple[int, str]]) -> None:
        self.number, self.cells, self.errors = number, cells, errors

    def error(self, column: str, reason: str) -> None:
        self.errors.append((self.number, row_error(self.number, column, reason)))

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if isinstance(value, date):
            return value.strftime("%d-%m-%Y")
        return (value or "").strip()

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.error(column, gettext("dit veld is leeg"))
        return value

    def choice(self, column: str, vocabulary: Vocabulary, unknown: str, *, required=False):
        """A value from a list (`matching.py`: case, accents, a unique start and synonyms do
        not matter); `unknown` is the error with `%(value)s` and `%(shown)s`."""
        value = self.text(column)
        if not value:
            if required:
                self.error(column, gettext("dit veld is leeg"))
            return ""
        found = vocabulary.match(value)
        if found is None:
            shown = ", ".join(vocabulary.labels) or gettext("nog niets")
            self.error(column, unknown % {"value": value, "shown": shown})
            return ""
        return found

    def date(self, column: str, *, today: date) -> date | None:
        value = self.cells.get(column)
        if value is None or value == "":
            return None
        if isinstance(value, date):
            parsed = value
        else:
            match = DATE.match(value.split(" ")[0].strip())
            try:
                if not match:
                    raise ValueError
                d, m, y, y2, m2, d2 = match.groups()
                parsed = date(int(y or y2), int(m or m2), int(d or d2))
            except ValueError:
                self.error(
                    column,
                    gettext("'%(value)s' is geen datum (schrijf dd-mm-jjjj of jjjj-mm-dd)")
                    % {"value": value},
                )
                return None
        if parsed > today:
            self.error(
                column, gettext("%(date)s ligt in de toekomst") % {"date": f"{parsed:%d-%m-%Y}"}
            )
            return None
        return parsed


def header_errors(table: Table) -> list[str]:
    """Missing required columns and columns we do not know, as errors on row 1."""
    missing = [name for name in columns.REQUIRED if name not in table.header]
    errors = [row_error(1, name, gettext("deze kolom ontbreekt")) for name in missing]
    unknown = gettext("onbekende kolom (bekend zijn: %(known)s)") % {
        "known": ", ".join(columns.COLUMNS)
    }
    errors += [
        row_error(1, name, unknown) for name in table.header if name and name not in columns.COLUMNS
    ]
    seen: set[str] = set()
    for name in table.header:
        if name and name in seen:
            errors.append(row_error(1, name, gettext("deze kolom staat er twee keer in")))
        seen.add(name)
    return errors


def rows_validate(
    *,
    table: Table,
    create_locations: bool,
    region: Region | None,
    today: date,
    service: Service | None = None,
    mappings: Mappings | None = None,
    new_locations: dict[str, NewLocation] | None = None,
) -> tuple[list[ImportRow], list[str]]:
    """Check every row; return the rows that passed and every error found (in row order).

    Values are matched as `matching.py` says, after the remembered mappings and `mappings`;
    `service` is the default service of rows without `dienst`; `new_locations` (by normalised
    name) are created with their own region and service whatever `create_locations` says."""
    if found := header_errors(table):
        return [], found
    errors: list[tuple[int, str]] = []
    lookups = _Lookups.load(mappings, service)
    new_regions: dict[str, tuple[str, Region | None]] = {
        key: (new.name, new.region) for key, new in (new_locations or {}).items()
    }
    chosen = {key: new.service for key, new in (new_locations or {}).items()}
    rows = []
    for raw in table.rows:
        row = _Row(raw.number, raw.cells, errors)
        before = len(errors)
        checked = _row_check(row, lookups, create_locations, region, new_regions, chosen, today)
        if checked is not None and len(errors) == before:
            rows.append(checked)
    errors += _lone_situations(table)
    errors.sort(key=lambda error: error[0])  # stable: within a row, in the order found
    return rows, [text for _number, text in errors]


def _lone_situations(table: Table) -> list[tuple[int, str]]:
    """A situation is several klantreacties: a name used in one row only is a mistake."""
    numbers: dict[str, list[int]] = {}
    for raw in table.rows:
        value = raw.cells.get("situatie")
        if isinstance(value, str) and value.strip():
            numbers.setdefault(value.strip(), []).append(raw.number)
    lone = gettext(
        "'%(name)s' staat maar in één rij; een situatie bestaat uit minstens twee klantreacties"
    )
    return [
        (rows[0], row_error(rows[0], "situatie", lone % {"name": name}))
        for name, rows in numbers.items()
        if len(rows) == 1
    ]


def _row_check(row, lookups, create_locations, default_region, new_regions, chosen, today):
    """Read and check one row; None when it cannot even be built (its errors are noted)."""
    name = row.required("vestiging")
    received_on = row.date("ontvangen_op", today=today)
    if received_on is None and row.text("ontvangen_op") == "":
        row.error("ontvangen_op", gettext("dit veld is leeg"))
    vocabularies = lookups.vocabularies
    kind = row.choice(
        "soort",
        vocabularies["soort"],
        gettext("'%(value)s' is geen bekende soort (kies uit: %(shown)s)"),
        required=True,
    )
    status = row.choice(
        "status",
        vocabularies["status"],
        gettext("'%(value)s' is geen bekende status (kies uit: %(shown)s)"),
        required=True,
    )
    category = _category(row, lookups, status)
    summary = row.required("omschrijving")
    outcome = row.choice(
        "oordeel",
        vocabularies["oordeel"],
        gettext("'%(value)s' is geen bekend oordeel (kies uit: %(shown)s)"),
    )
    reason = row.choice(
        "reden_afsluiting",
        vocabularies["reden_afsluiting"],
        gettext("'%(value)s' is geen bekende reden van afsluiten (kies uit: %(shown)s)"),
    )
    answered_on = row.date("beantwoord_op", today=today)
    closed_on = row.date("afgesloten_op", today=today)
    region = _region(row, lookups, default_region)
    location, service = _location_and_service(
        row, lookups, name, create_locations, region, new_regions, chosen
    )
    situation = row.text("situatie")
    if len(situation) > 200:
        row.error("situatie", gettext("de naam van de situatie is langer dan 200 tekens"))
    if not (kind and status and received_on and service):
        return None
    reason = _route_check(row, kind, status, outcome, reason)
    _dates_check(row, status, outcome, received_on, answered_on, closed_on)
    return ImportRow(
        number=row.number,
        location_name=location.name if location else new_regions[normalise(name)][0],
        location=location,
        region=None if location else new_regions[normalise(name)][1],
        service=service,
        received_on=received_on,
        kind=kind,
        category=category,
        summary=summary,
        handling=row.text("afhandeling"),
        status=status,
        outcome=outcome,
        closure_reason=reason,
        answered_on=answered_on,
        closed_on=closed_on,
        situation=situation,
    )


def _category(row: _Row, lookups: _Lookups, status: str) -> Category | None:
    value = row.text("onderwerp")
    if not value:
        if status and status != Status.RECEIVED:
            row.error(
                "onderwerp", gettext("dit veld is leeg (alleen bij status ontvangen mag het leeg)")
            )
        return None
    category = lookups.vocabularies["onderwerp"].match(value)
    if category is None:
        known = lookups.known("onderwerp")
        row.error(
            "onderwerp",
            gettext("'%(value)s' is geen bekend onderwerp (kies uit: %(known)s)")
            % {"value": value, "known": known},
        )
    return category


def _region(row: _Row, lookups: _Lookups, default: Region | None) -> Region | None:
    value = row.text("regio")
    if not value:
        regions = lookups.vocabularies.regions
        return default or (regions[0] if len(regions) == 1 else None)
    region = lookups.vocabularies["regio"].match(value)
    if region is None:
        known = lookups.known("regio")
        row.error(
            "regio",
            gettext("'%(value)s' is geen bekende GGD-regio (kies uit: %(known)s)")
            % {"value": value, "known": known},
        )
    return region


def _location_and_service(row, lookups, name, create_locations, region, new_regions, chosen):
    """The row's location (None if it is new) and its service; errors for what is unknown."""
    service_name = row.text("dienst")
    service = lookups.vocabularies["dienst"].match(service_name) if service_name else None
    if service_name and service is None:
        row.error(
            "dienst",
            gettext("'%(value)s' is geen bekende dienst (kies uit: %(known)s)")
            % {"value": service_name, "known": lookups.known("dienst")},
        )
        return None, None
    if not name:
        return None, None
    key = normalise(name)
    location = lookups.vocabularies["vestiging"].match(name)
    if location is None:
        if not (create_locations or key in chosen):
            row.error(
                "vestiging",
                gettext(
                    "'%(name)s' is geen bekende vestiging (nieuwe vestigingen aanmaken staat uit)"
                )
                % {"name": name},
            )
            return None, None
        new_regions.setdefault(key, (name, region))
        if new_regions[key][1] is None:
            row.error(
                "vestiging",
                gettext(
                    "'%(name)s' is nieuw, maar de GGD-regio is onbekend: vul de kolom regio in of "
                    "kies een regio voor nieuwe vestigingen"
                )
                % {"name": name},
            )
        service = service or chosen.get(key) or lookups.default_service
        if service is None:
            row.error(
                "dienst", gettext("er is nog geen dienst onder de Wet kinderopvang; vul dienst in")
            )
        return None, service
    offered = lookups.offered[location.pk]
    if service is None:
        service = _service_default(offered, lookups.default_service)
        if service is None:
            row.error(
                "dienst",
                gettext("vestiging '%(location)s' heeft geen kinderopvangdienst; vul de dienst in")
                % {"location": location.name},
            )
    elif service not in offered:
        row.error(
            "dienst",
            gettext("'%(service)s' wordt niet gegeven op vestiging '%(location)s'")
            % {"service": service.name, "location": location.name},
        )
        service = None
    return location, service


def _service_default(offered: list[Service], default: Service | None) -> Service | None:
    """A row without `dienst` at a known location: its only service, else the default service
    if it is given there, else its first service under the Wet kinderopvang."""
    if len(offered) == 1:
        return offered[0]
    if default in offered:
        return default
    return next((s for s in offered if s.framework == LegalFramework.WKO), None)


def _route_check(row, kind, status, outcome, reason) -> str:
    """Kind, status, judgment and closure must fit the dossier's life; returns the reason."""
    is_complaint = kind == Kind.COMPLAINT
    if outcome and not is_complaint:
        row.error("oordeel", gettext("alleen een klacht krijgt een oordeel"))
    if reason and status != Status.CLOSED:
        row.error("reden_afsluiting", gettext("alleen een afgesloten dossier heeft een reden"))
    if status == Status.CLOSED and not reason:
        if outcome:
            reason = ClosureReason.JUDGED
        else:
            reason = ClosureReason.SOLVED if is_complaint else ClosureReason.HANDLED
    meldcode = status == Status.MELDCODE or reason == ClosureReason.MELDCODE
    if meldcode and kind not in MELDCODE_KINDS:
        row.error("soort", gettext("alleen een klacht of signaal kan de meldcoderoute volgen"))
    if status == Status.ANSWERED and not is_complaint:
        row.error("status", gettext("alleen een klacht kan de status beantwoord hebben"))
    if (status == Status.ANSWERED or reason == ClosureReason.JUDGED) and not outcome:
        row.error("oordeel", gettext("dit veld is leeg; een beantwoorde klacht heeft een oordeel"))
    if reason == ClosureReason.JUDGED and not is_complaint:
        row.error("reden_afsluiting", gettext("alleen een klacht wordt afgesloten met een oordeel"))
    no_judgment = status not in (Status.ANSWERED, Status.CLOSED) or reason in (
        *CLOSED_WITHOUT_JUDGMENT,
        ClosureReason.MELDCODE,
    )
    if outcome and is_complaint and no_judgment:
        row.error(
            "oordeel", gettext("een oordeel past niet bij deze status of reden van afsluiten")
        )
    return reason


def _dates_check(row, status, outcome, received_on, answered_on, closed_on) -> None:
    if status == Status.CLOSED and closed_on is None and not row.text("afgesloten_op"):
        row.error(
            "afgesloten_op", gettext("dit veld is leeg; een afgesloten dossier heeft een datum")
        )
    if closed_on and status != Status.CLOSED:
        row.error("afgesloten_op", gettext("alleen een afgesloten dossier heeft deze datum"))
    if answered_on and not outcome:
        row.error("beantwoord_op", gettext("alleen een klacht met een oordeel heeft deze datum"))
    if closed_on and closed_on < received_on:
        row.error("afgesloten_op", gettext("ligt vóór de datum van ontvangst"))
    if answered_on and answered_on < received_on:
        row.error("beantwoord_op", gettext("ligt vóór de datum van ontvangst"))
    if answered_on and closed_on and closed_on < answered_on:
        row.error("afgesloten_op", gettext("ligt vóór de datum van het antwoord"))


def mappings_check(lines: list[MappingLine]) -> tuple[Mappings, list[str]]:
    """The mappings of a mapping file, and an error for every line that cannot be used: an
    unknown column, an empty value, or a target that means nothing here."""
    vocabularies = Vocabularies.load()
    mappings: Mappings = {}
    errors = []
    for line in lines:
        where = gettext("regel %(line)s") % {"line": line.number}
        if line.column not in MAPPED:
            errors.append(
                f"{where}: "
                + gettext("'%(column)s' is geen kolom om te koppelen (kies uit: %(known)s)")
                % {"column": line.column, "known": ", ".join(MAPPED)}
            )
        elif not line.value or not line.target:
            errors.append(f"{where}: " + gettext("waarde en doel moeten allebei ingevuld zijn"))
        elif not vocabularies[line.column].knows(line.target):
            errors.append(
                f"{where}: "
                + gettext(
                    "'%(target)s' is geen bekende waarde voor %(column)s (kies uit: %(known)s)"
                )
                % {
                    "target": line.target,
                    "column": line.column,
                    "known": "; ".join(vocabularies[line.column].labels) or gettext("nog niets"),
                }
            )
        else:
            mappings[(line.column, normalise(line.value))] = line.target
    return mappings, errors
