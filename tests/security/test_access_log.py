"""Every look at a dossier, download, export and API call on personal data is logged by the
middleware, whatever view serves it (issue 7.1; LEGAL.md P3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from klachtwijs.core.models import AccessLog
from tests.factories import UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
DUMMY = pytest.mark.urls("tests.security.urls_dummy")


@pytest.fixture
def staff_client(client, officer):
    return login_staff(client, officer)


def _only_row():
    assert AccessLog.objects.count() == 1
    return AccessLog.objects.get()


@DUMMY
def test_opening_a_dossier_writes_who_when_what_where_and_why(staff_client, officer):
    response = staff_client.get("/staff/dossiers/42/?q=Fleur", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    row = _only_row()
    assert (row.user, row.username, row.action) == (officer, officer.username, "view")
    assert (row.feedback_id, row.document_id) == (42, None)
    assert (row.method, row.status_code, row.ip_address) == ("GET", 200, "192.0.2.7")
    assert row.view_name == "dossier"
    # The query string is never kept: a search term may be a name.
    assert row.path == "/staff/dossiers/42/"
    assert row.at is not None


@DUMMY
def test_an_action_on_a_dossier_is_logged_as_a_change(staff_client):
    staff_client.post("/staff/dossiers/42/notitie/", {"text": "geheim"})
    row = _only_row()
    assert (row.action, row.method, row.view_name) == ("change", "POST", "note")
    assert "geheim" not in str(vars(row))


@DUMMY
def test_a_refused_look_is_logged_too_with_its_status(staff_client):
    staff_client.get("/staff/dossiers/7/geheim/")
    assert (_only_row().action, _only_row().status_code) == ("view", 403)


@DUMMY
def test_a_download_is_logged_with_dossier_and_document(staff_client):
    staff_client.get("/staff/dossiers/42/documenten/9/")
    row = _only_row()
    assert (row.action, row.feedback_id, row.document_id) == ("download", 42, 9)


@DUMMY
def test_an_export_is_logged(staff_client):
    staff_client.get("/staff/export.csv?status=open")
    row = _only_row()
    assert (row.action, row.view_name, row.path) == ("export", "export_csv", "/staff/export.csv")


@DUMMY
def test_api_calls_on_klantreacties_are_logged_and_others_not(staff_client):
    staff_client.get("/api/v1/klantreacties/")
    staff_client.get("/api/v1/klantreacties/5/")
    staff_client.get("/api/v1/categorieen/")
    rows = list(AccessLog.objects.order_by("pk").values_list("action", "feedback_id"))
    assert rows == [("api", None), ("api", 5)]


@DUMMY
def test_pages_without_personal_data_and_anonymous_visitors_are_not_logged(client, officer):
    client.get("/staff/dossiers/42/")  # anonymous: the real gate sends them to sign in
    login_staff(client, officer).get("/staff/")
    assert AccessLog.objects.count() == 0


@DUMMY
def test_logging_a_page_costs_one_query(staff_client, django_assert_num_queries):
    # session + user + OTP device are read for any signed-in page; the log adds one INSERT.
    staff_client.get("/staff/")
    with CaptureQueriesContext(connection) as baseline:
        staff_client.get("/staff/")
    with django_assert_num_queries(len(baseline) + 1):
        staff_client.get("/staff/dossiers/1/")


def test_every_real_dossier_and_document_url_carries_the_ids_the_log_needs():
    assert resolve("/staff/dossiers/12/").kwargs == {"feedback_id": 12}
    match = resolve("/staff/dossiers/12/documenten/3/")
    assert match.kwargs == {"feedback_id": 12, "document_id": 3}
    assert "export" in resolve("/staff/export.csv").url_name


def test_the_access_log_page_is_only_for_the_quality_lead(client, officer, quality_lead):
    assert client.get("/staff/toegangslog/").status_code == 302
    assert login_staff(client, officer).get("/staff/toegangslog/").status_code == 403
    client.logout()
    assert login_staff(client, quality_lead).get("/staff/toegangslog/").status_code == 200


def test_the_quality_lead_searches_by_user_and_dossier_and_exports_csv(
    client, quality_lead, officer, handler
):
    from tests.factories import FeedbackFactory

    feedback = FeedbackFactory()
    other = FeedbackFactory()
    login_staff(client, officer).get(f"/staff/dossiers/{feedback.pk}/")
    client.get(f"/staff/dossiers/{other.pk}/")
    client.logout()
    login_staff(client, handler).get(f"/staff/dossiers/{feedback.pk}/")
    client.logout()
    login_staff(client, quality_lead)

    response = client.get("/staff/toegangslog/", {"username": officer.username})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    response = client.get("/staff/toegangslog/", {"reference": feedback.reference})
    rows = list(response.context["page"].object_list)
    assert {row.username for row in rows} == {officer.username, handler.username}
    assert feedback.reference in response.content.decode()

    response = client.get("/staff/toegangslog/export.csv", {"reference": feedback.reference})
    assert response["Content-Disposition"].startswith("attachment;")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("Tijdstip,Gebruikersnaam,Handeling")
    assert len(lines) == 3
    assert all(feedback.reference in line for line in lines[1:])
    # The export of the log is itself logged.
    assert AccessLog.objects.filter(username=quality_lead.username, action="export").exists()


def test_the_search_page_reads_a_fixed_number_of_queries(client, quality_lead):
    login_staff(client, quality_lead)
    for _ in range(20):
        client.get("/staff/dossiers/999999/")  # 404, still logged
    client.get("/staff/toegangslog/")
    with CaptureQueriesContext(connection) as twenty:
        client.get("/staff/toegangslog/")
    user = UserFactory(username="eenmalig")
    login_staff(client, user).get("/staff/dossiers/999999/")
    client.logout()
    login_staff(client, quality_lead)
    client.get("/staff/toegangslog/")  # the user and device kept in memory again (core/cache.py)
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/toegangslog/", {"username": "eenmalig"})
    assert len(one) == len(twenty)


def test_a_real_api_call_with_a_token_is_logged_under_its_service_account(client):
    from klachtwijs.api.services import api_token_create
    from klachtwijs.organisation.models import Role
    from tests.factories import FeedbackFactory

    feedback = FeedbackFactory()
    token, key = api_token_create(name="zaaksysteem", role=Role.QUALITY_OFFICER, locations=[])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(f"/api/v1/klantreacties/{feedback.pk}/", **auth).status_code == 200
    assert client.get("/api/v1/klantreacties/", **auth).status_code == 200
    rows = list(AccessLog.objects.order_by("pk").values_list("user", "action", "feedback_id"))
    assert rows == [(token.user.pk, "api", feedback.pk), (token.user.pk, "api", None)]
    assert client.get("/api/v1/klantreacties/", HTTP_AUTHORIZATION="Bearer fout").status_code == 401
    assert AccessLog.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_outside_a_test_transaction_the_row_of_a_read_is_still_written_and_committed(client):
    """As in production (no transaction around the request): on PostgreSQL the row of a
    dossier view commits with `synchronous_commit` off for that transaction only (issue 18,
    docs/security.md); it is written and visible all the same, and the page is unaffected."""
    from tests.factories import FeedbackFactory
    from tests.helpers import login_staff

    officer = UserFactory(role="quality_officer")
    feedback = FeedbackFactory()
    login_staff(client, officer)
    postgres = connection.vendor == "postgresql"
    if postgres:  # the test cluster runs without it; the connection waits for the disk here
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO on")
    assert client.get(f"/staff/dossiers/{feedback.pk}/").status_code == 200
    row = AccessLog.objects.get(feedback_id=feedback.pk)
    assert (row.action, row.user_id, row.status_code) == (AccessLog.Action.VIEW, officer.pk, 200)
    if postgres:  # the setting was for that one transaction only
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
