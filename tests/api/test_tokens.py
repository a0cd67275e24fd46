"""API tokens: only a hash is stored, each acts through a service account with the token's
role and scope, revoking stops it, and staff sessions need their second factor."""

import pytest
from django.urls import reverse

from klachtwijs.api.models import ApiToken
from klachtwijs.api.services import api_token_revoke, api_token_update, key_hash
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

LIST = "/api/v1/klantreacties/"


def test_token_stores_only_the_hash_of_its_key(make_token):
    token, key = make_token(Role.QUALITY_OFFICER)
    assert key not in {token.key_hash, token.prefix}
    assert token.key_hash == key_hash(key)
    assert key.startswith(token.prefix)


def test_service_account_has_the_token_role_and_locations(make_token, location):
    token, _ = make_token(Role.HANDLER, [location], name="planning")
    user = token.user
    assert user.username == "api-planning"
    assert user.role == Role.HANDLER
    assert list(user.locations.all()) == [location]
    assert not user.has_usable_password()


def test_changing_a_token_changes_its_service_account(make_token, location):
    token, _ = make_token(Role.HANDLER, [location])
    other = LocationFactory()
    api_token_update(token_id=token.pk, name="planning", role=Role.EMPLOYEE, locations=[other])
    token.user.refresh_from_db()
    assert token.user.role == Role.EMPLOYEE
    assert list(token.user.locations.all()) == [other]


def test_a_key_signs_in_and_a_revoked_key_does_not(api, make_token):
    token, key = make_token(Role.QUALITY_OFFICER)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get(LIST).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    api_token_revoke(token_id=token.pk)
    response = api.get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer", "Bearer a b"])
def test_unknown_or_malformed_keys_get_401(api, header):
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get(LIST)
    assert response.status_code == 401
    assert set(response.json()) == {"code", "detail"}


def test_anonymous_gets_401(api):
    assert api.get(LIST).status_code == 401


def test_staff_session_needs_the_second_factor(client, officer):
    client.force_login(officer)
    assert client.get(LIST).status_code == 403
    login_staff(client, officer)
    assert client.get(LIST).status_code == 200


def test_session_writes_need_the_csrf_token(officer, location):
    from django.test import Client

    from tests.factories import FeedbackFactory

    strict = Client(enforce_csrf_checks=True)
    login_staff(strict, officer)
    dossier = FeedbackFactory(location=location)
    response = strict.post(f"{LIST}{dossier.pk}/withdraw/", {}, content_type="application/json")
    assert response.status_code == 403


def test_admin_shows_the_key_once_and_stores_the_token(client, location):
    login_staff(client, UserFactory(username="hoofdkwaliteit", role=Role.QUALITY_LEAD))
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "website", "role": Role.EMPLOYEE, "locations": [location.pk]},
    )
    assert response.status_code == 200
    key = response.context["key"]
    token = ApiToken.objects.get(name="website")
    assert token.key_hash == key_hash(key)
    assert list(token.user.locations.all()) == [location]
    assert key in response.content.decode()
    change = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert change.status_code == 200
    assert key not in change.content.decode()


def test_admin_revokes_tokens(client, make_token):
    lead = UserFactory(username="hoofdkwaliteit", role=Role.QUALITY_LEAD)
    token, key = make_token(Role.QUALITY_OFFICER)
    login_staff(client, lead)
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not token.user.is_active
