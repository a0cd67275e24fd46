"""Exports of the filtered overview: CSV and XLSX, same filters and scope, no personal data."""

import csv
import io

import pytest
from openpyxl import load_workbook

from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(location, other_location):
    return (
        FeedbackFactory(location=location, submitter_name="Fleur de Vries"),
        FeedbackFactory(location=other_location, kind=Kind.COMPLIMENT),
    )


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_has_header_and_filtered_rows(officer_client, dossiers):
    response = officer_client.get("/staff/export.csv?kind=compliment")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][0] == "Kenmerk"
    assert [r[0] for r in rows[1:]] == [dossiers[1].reference]
    assert rows[1][2] == "compliment"


def test_csv_holds_no_names_or_texts(officer_client, dossiers):
    body = officer_client.get("/staff/export.csv").content.decode("utf-8-sig")
    assert "Fleur" not in body
    assert dossiers[0].description not in body


def test_xlsx_has_same_rows(officer_client, dossiers):
    response = officer_client.get("/staff/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Kenmerk"
    assert sorted(v[0] for v in values[1:]) == sorted(f.reference for f in dossiers)


def test_formula_in_a_name_is_defused(officer_client, location):
    handler = UserFactory(role=Role.HANDLER, first_name="=HYPERLINK(1)", last_name="")
    location.manager = handler
    location.save()
    FeedbackFactory(location=location, in_progress=True)
    rows = csv_rows(officer_client.get("/staff/export.csv"))
    assert rows[1][9].startswith("'=")


def test_handler_may_not_export(client, handler):
    login_staff(client, handler)
    assert client.get("/staff/export.csv").status_code == 403
    assert client.get("/staff/export.xlsx").status_code == 403


def test_management_export_respects_meldcode_scope(client, manager, location):
    FeedbackFactory(location=location, meldcode=True)
    login_staff(client, manager)
    assert len(csv_rows(client.get("/staff/export.csv"))) == 1  # only the header
