"""The staff settings page where provider groups are mapped to roles and locations: for whom
`access` lets manage staff, and never giving a role they could not give on the staff page."""

import pytest

from klachtwijs.accounts.models import OidcGroupMapping
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
PAGE = "/staff/organisatie/organisatie-account/"


def test_the_quality_lead_maps_a_group_to_a_role_and_locations(client):
    here = LocationFactory()
    login_staff(client, UserFactory(role=Role.QUALITY_LEAD))
    assert client.get(PAGE).status_code == 200
    response = client.post(
        PAGE, {"group": " behandelaars ", "role": Role.HANDLER, "locations": [here.pk]}
    )
    assert response.status_code == 302
    mapping = OidcGroupMapping.objects.get()
    assert (mapping.group, mapping.role, list(mapping.locations.all())) == (
        "behandelaars",
        Role.HANDLER,
        [here],
    )
    again = client.post(PAGE, {"group": "behandelaars", "role": Role.EMPLOYEE})
    assert again.status_code == 400
    assert "al gekoppeld" in again.content.decode()


def test_the_quality_lead_cannot_give_or_touch_the_administrator_role(client):
    admins = OidcGroupMapping.objects.create(group="ict", role=Role.ADMINISTRATOR)
    login_staff(client, UserFactory(role=Role.QUALITY_LEAD))
    response = client.post(PAGE, {"group": "beheer", "role": Role.ADMINISTRATOR})
    assert response.status_code == 400
    assert not OidcGroupMapping.objects.filter(group="beheer").exists()
    edit = f"{PAGE}{admins.pk}/"
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"delete": "1"}).status_code == 404
    assert OidcGroupMapping.objects.filter(pk=admins.pk).exists()


def test_the_administrator_changes_and_removes_a_mapping(client):
    mapping = OidcGroupMapping.objects.create(group="ict", role=Role.EMPLOYEE)
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    edit = f"{PAGE}{mapping.pk}/"
    assert client.post(edit, {"group": "ict", "role": Role.ADMINISTRATOR}).status_code == 302
    mapping.refresh_from_db()
    assert mapping.role == Role.ADMINISTRATOR
    assert client.post(edit, {"delete": "1"}).status_code == 302
    assert not OidcGroupMapping.objects.exists()


@pytest.mark.parametrize("role", [Role.HANDLER, Role.QUALITY_OFFICER, Role.MANAGEMENT])
def test_other_roles_may_not_map_groups(client, role):
    login_staff(client, UserFactory(role=role))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"group": "x", "role": Role.EMPLOYEE}).status_code == 403
    assert not OidcGroupMapping.objects.exists()
