"""A small organisation to import into, and helpers that write register files."""

import csv
import io

import pytest

from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, RegionFactory, ServiceFactory, UserFactory

HEADER = [
    "vestiging",
    "ontvangen_op",
    "soort",
    "onderwerp",
    "omschrijving",
    "afhandeling",
    "status",
    "oordeel",
    "afgesloten_op",
    "situatie",
]


def csv_file(rows, *, delimiter=";", encoding="utf-8", header=HEADER) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def row(**cells) -> list[str]:
    """A valid closed, judged complaint at Morel; keyword arguments change cells."""
    values = {
        "vestiging": "Morel",
        "ontvangen_op": "10-03-2025",
        "soort": "klacht",
        "onderwerp": "Communicatie en informatie",
        "omschrijving": "Ouder werd niet gebeld na een val.",
        "afhandeling": "Het team belt voortaan meteen.",
        "status": "afgesloten",
        "oordeel": "gegrond",
        "afgesloten_op": "2025-04-02",
        "situatie": "",
    }
    values.update(cells)
    return [values[name] for name in HEADER]


@pytest.fixture
def region():
    return RegionFactory(name="Brabant-Zuidoost")


@pytest.fixture
def morel(region):
    dagopvang = ServiceFactory()
    youth = ServiceFactory(jeugdwet=True)
    manager = UserFactory(role=Role.HANDLER)
    location = LocationFactory(name="Morel", region=region, services=[youth, dagopvang])
    location.manager = manager
    location.save()
    assert dagopvang.framework == LegalFramework.WKO
    return location
