"""The import page in the back office and the template download."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Role
from klachtwijs.register.columns import COLUMNS
from tests.factories import UserFactory
from tests.helpers import login_staff
from tests.importing.conftest import csv_file, row

pytestmark = pytest.mark.django_db
URL = "/staff/import/"
URLS = [URL, "/staff/import/sjabloon.xlsx", "/staff/import/sjabloon.csv"]


def _upload(client, data: bytes, *, dry_run=False, name="register.csv", **extra):
    fields = {"file": SimpleUploadedFile(name, data), **extra}
    if dry_run:
        fields["dry_run"] = "on"
    return client.post(URL, fields)


@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", [Role.HANDLER, Role.CLIENT_PANEL, Role.MANAGEMENT])
def test_other_roles_are_refused(client, url, role):
    login_staff(client, UserFactory(role=role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.QUALITY_OFFICER, Role.QUALITY_LEAD])
def test_quality_staff_see_the_form(client, role):
    login_staff(client, UserFactory(role=role))
    response = client.get(URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_every_error_is_listed_and_nothing_is_stored(client, morel, officer):
    login_staff(client, officer)
    data = csv_file([row(soort="klagt"), row(), row(vestiging="Nergens", oordeel="wellicht")])
    response = _upload(client, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Er zijn 3 fouten gevonden" in page
    assert "rij 2, soort: &#x27;klagt&#x27; is geen bekende soort" in page
    assert "rij 4, vestiging: &#x27;Nergens&#x27; is geen bekende vestiging" in page
    assert "rij 4, oordeel: &#x27;wellicht&#x27; is geen bekend oordeel" in page
    assert Feedback.objects.count() == 0


def test_a_dry_run_shows_the_counts_and_stores_nothing(client, morel, officer):
    login_staff(client, officer)
    response = _upload(client, csv_file([row(), row(soort="compliment", oordeel="")]), dry_run=True)
    page = response.content.decode()
    assert "2 klantreacties (1 × klacht, 1 × compliment) zouden worden ingelezen." in page
    assert Feedback.objects.count() == 0


def test_an_import_stores_and_redirects_with_the_counts(client, morel, officer):
    login_staff(client, officer)
    response = _upload(client, csv_file([row(), row()]))
    assert response.status_code == 302
    assert Feedback.objects.filter(created_by=officer).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "2 klantreacties (2 × klacht) ingelezen." in page


def test_a_file_that_is_no_spreadsheet_is_an_error_at_the_field(client, officer):
    login_staff(client, officer)
    response = _upload(client, b"PK\x03\x04rubbish", name="register.xlsx")
    assert "geen leesbaar CSV- of Excelbestand" in response.content.decode()
    response = _upload(client, b"data", name="register.pdf")
    assert "eindigt op .xlsx of .csv" in response.content.decode()


def test_the_templates_have_the_columns_and_an_example(client, officer):
    login_staff(client, officer)
    response = client.get("/staff/import/sjabloon.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, example = list(sheet.iter_rows(values_only=True))[:2]
    assert header == COLUMNS
    assert example[0] == "Morel"
    text = client.get("/staff/import/sjabloon.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(COLUMNS)
    assert text.splitlines()[1].startswith("Morel;10-03-2025;klacht;")
