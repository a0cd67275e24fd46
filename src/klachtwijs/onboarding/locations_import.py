"""Locations from a CSV or XLSX file: all or nothing, every bad row named (issue 14).

Columns (header in row 1; case, spaces and dashes do not matter): naam, adres, postcode,
plaats, lrk_nummer, ggd_regio, diensten (several separated by `,` or `;`). A region must have
been added first (its GGD's e-mail address is needed), written as added, with or without
"GGD", in any case. A service is one already added or one of the usual ones (Dagopvang, …),
which is then added with its legal framework.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klachtwijs.organisation.models import LRK_NUMBER, Location, Region, Service
from klachtwijs.organisation.presets import SERVICE_PRESETS, region_preset
from klachtwijs.register.parse import Table

COLUMNS = ["naam", "adres", "postcode", "plaats", "lrk_nummer", "ggd_regio", "diensten"]
ALIASES = {"vestiging": "naam", "regio": "ggd_regio", "lrk": "lrk_nummer", "dienst": "diensten"}
EXAMPLE = ["Morel", "Kersenlaan 4", "5612 AB", "Eindhoven", "123456789", "GGD Brabant-Zuidoost",
           "Dagopvang; Buitenschoolse opvang"]  # fmt: skip


@dataclass
class LocationsResult:
    created: list[str] = field(default_factory=list)
    services_created: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _find_region(text: str) -> Region | None:
    wanted = text.strip().casefold()
    for region in Region.objects.all():
        names = {region.name.casefold(), region.ggd_name.casefold()}
        if wanted in names or wanted.removeprefix("ggd ").strip() in names:
            return region
    preset = region_preset(text)
    return Region.objects.filter(name=preset[0]).first() if preset else None


def _find_service(text: str) -> tuple[Service | None, tuple[str, str] | None]:
    service = Service.objects.filter(name__iexact=text).first()
    if service is not None:
        return service, None
    preset = next(((n, f) for n, f in SERVICE_PRESETS if n.casefold() == text.casefold()), None)
    return None, preset


def _row_errors(number: int, cells: dict, seen: set[str]) -> list[str]:
    errors = []
    name = str(cells.get("naam") or "").strip()
    if not name:
        errors.append(_("rij %(row)s: de kolom naam is leeg.") % {"row": number})
    elif name.casefold() in seen:
        errors.append(
            _("rij %(row)s: de vestiging '%(name)s' staat twee keer in het bestand.")
            % {"row": number, "name": name}
        )
    elif Location.objects.filter(name__iexact=name).exists():
        errors.append(
            _("rij %(row)s: de vestiging '%(name)s' bestaat al.") % {"row": number, "name": name}
        )
    seen.add(name.casefold())
    lrk = str(cells.get("lrk_nummer") or "").replace(" ", "")
    if lrk:
        try:
            LRK_NUMBER(lrk)
        except ValidationError:
            errors.append(
                _("rij %(row)s: het LRK-nummer '%(lrk)s' heeft geen 9 cijfers.")
                % {"row": number, "lrk": lrk}
            )
    region = str(cells.get("ggd_regio") or "").strip()
    if not region:
        errors.append(_("rij %(row)s: de kolom ggd_regio is leeg.") % {"row": number})
    elif _find_region(region) is None:
        errors.append(
            _(
                "rij %(row)s: de GGD-regio '%(region)s' is nog niet toegevoegd. Voeg hem eerst "
                "toe onder GGD-regio's."
            )
            % {"row": number, "region": region}
        )
    for service in _services_of(cells):
        found, preset = _find_service(service)
        if found is None and preset is None:
            errors.append(
                _("rij %(row)s: de dienst '%(service)s' bestaat niet. Voeg hem eerst toe.")
                % {"row": number, "service": service}
            )
    return errors


def _services_of(cells: dict) -> list[str]:
    text = str(cells.get("diensten") or "")
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]


def locations_import(*, table: Table) -> LocationsResult:
    """Store every row as a location, or none when any row is wrong (each named)."""
    result = LocationsResult()
    rows = [
        (row.number, {ALIASES.get(k, k): v for k, v in row.cells.items()}) for row in table.rows
    ]
    header = {ALIASES.get(h, h) for h in table.header}
    missing = [c for c in ("naam", "ggd_regio") if c not in header]
    if missing:
        result.errors.append(
            _("rij 1: deze kolommen ontbreken: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return result
    if not rows:
        result.errors.append(_("Het bestand heeft geen vestigingen onder de kolomnamen."))
        return result
    seen: set[str] = set()
    for number, cells in rows:
        result.errors.extend(_row_errors(number, cells, seen))
    if result.errors:
        return result
    with transaction.atomic():
        for _number, cells in rows:
            location = Location.objects.create(
                name=str(cells["naam"]).strip(),
                street=str(cells.get("adres") or "").strip(),
                postcode=str(cells.get("postcode") or "").strip(),
                city=str(cells.get("plaats") or "").strip(),
                lrk_number=str(cells.get("lrk_nummer") or "").replace(" ", ""),
                region=_find_region(str(cells["ggd_regio"])),
            )
            for text in _services_of(cells):
                service, preset = _find_service(text)
                if service is None:
                    service = Service.objects.create(name=preset[0], framework=preset[1])
                    result.services_created.append(service.name)
                location.services.add(service)
            result.created.append(location.name)
    return result
