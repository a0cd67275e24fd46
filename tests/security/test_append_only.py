"""The access log can only grow: the application, the admin and the database refuse changes."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.models import AccessLog, AppendOnlyError
from klachtwijs.organisation.models import Role
from tests.factories import UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(officer):
    return access_log_record(user=officer, action=AccessLog.Action.VIEW, feedback_id=1)


def test_a_row_cannot_be_changed_or_deleted_through_the_model(row):
    row.feedback_id = 2
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(feedback_id=2)
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.bulk_update([row], ["feedback_id"])
    assert AccessLog.objects.get(pk=row.pk).feedback_id == 1


def test_the_database_refuses_an_update_even_in_plain_sql(row):
    table = AccessLog._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET feedback_id = 2 WHERE id = %s", [row.pk])  # noqa: S608
    assert AccessLog.objects.get(pk=row.pk).feedback_id == 1


def test_the_admin_shows_the_log_read_only(client, row):
    login_staff(client, UserFactory(username="root", role=Role.QUALITY_LEAD))
    change = reverse("admin:core_accesslog_change", args=[row.pk])
    assert client.get(reverse("admin:core_accesslog_changelist")).status_code == 200
    assert client.get(change).status_code == 200
    assert client.post(change, {"feedback_id": 2}).status_code == 403
    assert client.get(reverse("admin:core_accesslog_add")).status_code == 403
    delete = reverse("admin:core_accesslog_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLog.objects.get(pk=row.pk).feedback_id == 1


def test_a_user_in_the_log_is_kept_and_can_only_be_deactivated(row, officer):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        officer.delete()
