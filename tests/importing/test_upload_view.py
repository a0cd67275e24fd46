"""The import page in the back office and the template download."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Role
from klachtwijs.register.columns import COLUMNS
from klachtwijs.register.models import PendingImport
from tests.factories import UserFactory
from tests.helpers import login_staff
from tests.importing.conftest import csv_file, row

pytestmark = pytest.mark.django_db
URL = "/staff/import/"
MAPPING = "/staff/import/koppelen/"
PREVIEW = "/staff/import/controle/"
URLS = [URL, MAPPING, PREVIEW, "/staff/import/sjabloon.xlsx", "/staff/import/sjabloon.csv"]


def _upload(client, data: bytes, *, name="register.csv", follow=True):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, follow=follow)


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
    data = csv_file(
        [
            row(ontvangen_op="31-02-2025"),
            row(),
            row(status="beantwoord", oordeel="", afgesloten_op="2030-01-01"),
        ]
    )
    response = _upload(client, data)
    assert response.redirect_chain == [(PREVIEW, 302)]
    page = response.content.decode()
    assert "Er zijn 3 fouten gevonden" in page
    assert "rij 2, ontvangen_op: &#x27;31-02-2025&#x27; is geen datum" in page
    assert "rij 4, oordeel: dit veld is leeg" in page
    assert "rij 4, afgesloten_op: 01-01-2030 ligt in de toekomst" in page
    assert "Nu importeren" not in page
    assert client.post(PREVIEW).status_code == 200  # importing anyway stores nothing
    assert Feedback.objects.count() == 0


def test_missing_columns_are_named_at_the_upload(client, officer):
    login_staff(client, officer)
    response = _upload(client, b"vestiging;soort\nMorel;klacht\n")
    page = response.content.decode()
    assert "rij 1, ontvangen_op: deze kolom ontbreekt" in page
    assert not PendingImport.objects.exists()


def test_the_preview_shows_the_counts_and_stores_nothing(client, morel, officer):
    login_staff(client, officer)
    response = _upload(client, csv_file([row(), row(soort="compliment", oordeel="")]))
    page = response.content.decode()
    assert "2 klantreacties (1 × klacht, 1 × compliment) zouden worden ingelezen." in page
    assert Feedback.objects.count() == 0


def test_an_import_stores_after_the_preview_and_redirects_with_the_counts(client, morel, officer):
    login_staff(client, officer)
    _upload(client, csv_file([row(), row()]))
    response = client.post(PREVIEW)
    assert response.status_code == 302
    assert Feedback.objects.filter(created_by=officer).count() == 2
    assert not PendingImport.objects.exists()  # the upload is gone once imported
    page = client.get(response["Location"]).content.decode()
    assert "2 klantreacties (2 × klacht) ingelezen." in page
    assert client.get(PREVIEW)["Location"] == URL  # nothing left to import twice


def test_the_steps_without_an_upload_lead_back_to_it(client, officer):
    login_staff(client, officer)
    assert client.get(PREVIEW)["Location"] == URL
    assert client.get(MAPPING)["Location"] == URL


def test_another_users_upload_is_not_used(client, morel, officer):
    other = UserFactory(role=Role.QUALITY_OFFICER)
    login_staff(client, other)
    _upload(client, csv_file([row()]))
    pending = PendingImport.objects.get()
    login_staff(client, officer)
    session = client.session
    session["register_import"] = pending.pk
    session.save()
    assert client.post(PREVIEW)["Location"] == URL
    assert Feedback.objects.count() == 0


def test_a_file_that_is_no_spreadsheet_is_an_error_at_the_field(client, officer):
    login_staff(client, officer)
    response = _upload(client, b"PK\x03\x04rubbish", name="register.xlsx", follow=False)
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


def test_an_upload_left_for_a_day_is_removed(client, morel, officer):
    login_staff(client, officer)
    _upload(client, csv_file([row()]))
    PendingImport.objects.update(created_at=timezone.now() - timedelta(hours=25))
    client.get(URL)
    assert not PendingImport.objects.exists()
    assert client.get(PREVIEW)["Location"] == URL
