"""Locations from a CSV or XLSX file: all or nothing, every bad row named in Dutch."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from klachtwijs.organisation.models import Location, Role, Service
from tests.factories import RegionFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
URL = "/staff/inrichting/vestigingen/importeren/"
HEADER = ["Naam", "Adres", "Postcode", "Plaats", "LRK-nummer", "GGD-regio", "Diensten"]


@pytest.fixture
def admin_client(client):
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    return client


@pytest.fixture
def region():
    return RegionFactory(name="Brabant-Zuidoost", ggd_name="GGD Brabant-Zuidoost")


def _csv(rows: list[list[str]]) -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([HEADER, *rows])  # as Excel saves it
    return SimpleUploadedFile("vestigingen.csv", out.getvalue().encode(), content_type="text/csv")


def _xlsx(rows: list[list[object]]) -> SimpleUploadedFile:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("vestigingen.xlsx", out.getvalue())


def test_csv_rows_become_locations_with_region_and_services(admin_client, region):
    ServiceFactory(name="Dagopvang")
    rows = [
        ["Morel", "Kersenlaan 4", "5612 AB", "Eindhoven", "123456789", "GGD Brabant-Zuidoost",
         "dagopvang; Buitenschoolse opvang"],
        ["Linde", "", "", "Geldrop", "", "brabant-zuidoost", "Jeugdhulp"],
    ]  # fmt: skip
    response = admin_client.post(URL, {"file": _csv(rows)})
    assert response.status_code == 302
    morel = Location.objects.get(name="Morel")
    assert (morel.lrk_number, morel.region, morel.city) == ("123456789", region, "Eindhoven")
    assert sorted(morel.services.values_list("name", flat=True)) == [
        "Buitenschoolse opvang",
        "Dagopvang",
    ]
    assert Service.objects.get(name="Jeugdhulp").framework == "jeugdwet"  # a preset, added
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "2 vestigingen toegevoegd: Morel, Linde." in messages[0]


def test_an_xlsx_file_works_the_same(admin_client, region):
    response = admin_client.post(
        URL,
        {
            "file": _xlsx(
                [
                    [
                        "Vlier",
                        "Bessenpad 2",
                        "5501 JK",
                        "Veldhoven",
                        987654321,
                        "Brabant-Zuidoost",
                        "Dagopvang",
                    ]
                ]
            )
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert Location.objects.get(name="Vlier").lrk_number == "987654321"


def test_every_bad_row_is_named_and_nothing_is_stored(admin_client, region):
    existing = Location.objects.first()
    rows = [
        ["Morel", "", "", "", "", "Brabant-Zuidoost", "Dagopvang"],  # good
        ["", "", "", "", "", "Brabant-Zuidoost", "Dagopvang"],
        ["Hazelaar", "", "", "", "12AB", "Brabant-Zuidoost", "Dagopvang"],
        ["Kastanje", "", "", "", "", "GGD Twente", "Dagopvang"],
        ["Linde", "", "", "", "", "Brabant-Zuidoost", "Paardrijden"],
        ["Morel", "", "", "", "", "Brabant-Zuidoost", "Dagopvang"],
    ]
    if existing is not None:
        rows.append([existing.name, "", "", "", "", "Brabant-Zuidoost", "Dagopvang"])
    before = Location.objects.count()
    response = admin_client.post(URL, {"file": _csv(rows)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets opgeslagen" in html
    assert "rij 3: de kolom naam is leeg." in html
    assert "rij 4: het LRK-nummer &#x27;12AB&#x27; heeft geen 9 cijfers." in html
    assert "rij 5: de GGD-regio &#x27;GGD Twente&#x27; is nog niet toegevoegd." in html
    assert "rij 6: de dienst &#x27;Paardrijden&#x27; bestaat niet." in html
    assert "rij 7: de vestiging &#x27;Morel&#x27; staat twee keer in het bestand." in html
    assert "rij 2:" not in html
    assert Location.objects.count() == before


def test_a_file_without_the_required_columns_says_which(admin_client):
    upload = SimpleUploadedFile("v.csv", b"naam;plaats\nMorel;Eindhoven\n")
    html = admin_client.post(URL, {"file": upload}).content.decode()
    assert "rij 1: deze kolommen ontbreken: ggd_regio." in html


def test_another_kind_of_file_is_refused_next_to_the_field(admin_client):
    upload = SimpleUploadedFile("vestigingen.pdf", b"%PDF-1.4")
    html = admin_client.post(URL, {"file": upload}).content.decode()
    assert 'id="id_file_error"' in html
    assert "Kies een bestand dat eindigt op .xlsx of .csv." in html


def test_the_template_has_the_columns(admin_client):
    response = admin_client.get("/staff/inrichting/vestigingen/sjabloon.csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "naam;adres;postcode;plaats;lrk_nummer;ggd_regio;diensten"
