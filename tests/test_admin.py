"""The Django admin: every page opens on the demo data for the role its section is for.

Who may enter which section, and that no dossier is shown, is tested in
tests/security/test_admin_door.py.
"""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from klachtwijs.organisation import access
from klachtwijs.organisation.models import Organisation, Role, User
from tests.factories import UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_page_opens_on_the_demo_data(client):
    call_command("load_demo", stdout=io.StringIO())
    admin_users = [user for user in User.objects.order_by("pk") if access.can(user, "admin")]
    assert {user.role for user in admin_users} == {Role.ADMINISTRATOR, Role.QUALITY_LEAD}
    failures, opened = [], 0
    for model, model_admin in admin.site._registry.items():
        users = [
            u for u in admin_users if model_admin.section and access.can(u, model_admin.section)
        ]
        if not users:
            continue  # another app's ModelAdmin that no role may use
        login_staff(client, users[0])
        changelist = client.get(_url(model, "changelist"))
        urls = [_url(model, "changelist")]
        if obj := changelist.context["cl"].queryset.first():
            urls.append(_url(model, "change", obj.pk))
        if changelist.context["has_add_permission"]:
            urls.append(_url(model, "add"))
        for url in urls:
            status = client.get(url).status_code
            opened += 1
            if status != 200:
                failures.append((url, status))
    assert failures == []
    assert opened > 20


def test_the_one_organisation_cannot_be_added_or_deleted(client):
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    organisation = Organisation.objects.get()
    assert client.get(_url(Organisation, "change", organisation.pk)).status_code == 200
    assert client.get(_url(Organisation, "add")).status_code == 403
    assert client.get(_url(Organisation, "delete", organisation.pk)).status_code == 403
