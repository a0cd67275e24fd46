"""Single sign-on through a real OpenID Connect provider (issue 15, item 4): the group
mapping gives role and locations, our TOTP follows unless the provider asserts MFA, an
unmapped group is refused with a Dutch page, and every outcome is in the access log."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.accounts.models import OidcGroupMapping
from klachtwijs.core.models import AccessLog
from klachtwijs.organisation.models import Role, User
from tests.accounts.enrol import code_for, otpauth_uri, secret_of
from tests.factories import LocationFactory
from tests.sso.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapping():
    here, there = LocationFactory(name="De Boomhut"), LocationFactory(name="Het Nest")
    mapping = OidcGroupMapping.objects.create(group="kwaliteit", role=Role.QUALITY_OFFICER)
    mapping.locations.set([here, there])
    return mapping


def test_the_sign_in_page_offers_the_organisation_account_only_when_configured(client, settings):
    settings.KLACHTWIJS_OIDC = {}
    assert "organisatie-account" not in client.get("/staff/account/inloggen/").content.decode()
    assert client.get("/staff/account/oidc/").status_code == 404
    settings.KLACHTWIJS_OIDC = {"ISSUER": "https://login.example.org", "CLIENT_ID": "x"}
    page = client.get("/staff/account/inloggen/").content.decode()
    assert "Inloggen met uw organisatie-account" in page


def test_with_mfa_from_the_provider_the_mapped_person_lands_on_their_overview(client, sso, mapping):
    response = sign_in(client, "sterk")
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200  # verified: no TOTP asked
    user = User.objects.get(email="sterk@example.org")
    assert (user.role, user.first_name, user.last_name) == (Role.QUALITY_OFFICER, "Sam", "Sterk")
    assert set(user.locations.values_list("name", flat=True)) == {"De Boomhut", "Het Nest"}
    assert not user.has_usable_password()
    row = AccessLog.objects.get(action=AccessLog.Action.SIGN_IN)
    assert (row.user, row.status_code, row.view_name) == (user, 302, "oidc:callback")


def test_without_mfa_from_the_provider_our_totp_follows(client, sso, mapping, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's pause after a wrong code
    response = sign_in(client, "kwaliteit", next_url="/staff/mijn-dossiers/")
    assert response["Location"] == "/staff/account/oidc/code/"
    # Not signed in until the code: the back office still sends to the sign-in page.
    assert client.get("/staff/")["Location"].startswith("/staff/account/inloggen/")
    page = client.get("/staff/account/oidc/code/")
    assert page.status_code == 200
    secret = secret_of(otpauth_uri(page.content.decode()))  # first time: enrol the app
    wrong = client.post("/staff/account/oidc/code/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "klopt niet" in wrong.content.decode()
    done = client.post("/staff/account/oidc/code/", {"code": code_for(secret)})
    assert done["Location"] == "/staff/mijn-dossiers/"
    assert client.get("/staff/").status_code == 200
    user = User.objects.get(email="kwaliteit@example.org")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert AccessLog.objects.filter(user=user, action=AccessLog.Action.SIGN_IN).count() == 1

    # The next time the same authenticator is asked; no new one can be enrolled.
    client.logout()
    sign_in(client, "kwaliteit")
    page = client.get("/staff/account/oidc/code/").content.decode()
    assert "data-otpauth" not in page
    later = client.post("/staff/account/oidc/code/", {"code": code_for(secret, later=30)})
    assert later["Location"] == "/staff/"


def test_an_unmapped_group_is_refused_with_a_dutch_page_and_logged(client, sso, mapping):
    response = sign_in(client, "vreemd")
    assert response.status_code == 403
    assert "geen groep die toegang geeft" in response.content.decode()
    assert not User.objects.filter(email="vreemd@example.org").exists()
    assert "_auth_user_id" not in client.session
    row = AccessLog.objects.get(action=AccessLog.Action.SIGN_IN_REFUSED)
    assert (row.user, row.username, row.status_code) == (None, "vreemd@example.org", 403)
    assert row.detail == "oidc: no_group"


def test_the_mapping_follows_the_provider_at_every_sign_in(client, sso, mapping):
    sign_in(client, "sterk")
    mapping.role = Role.MANAGEMENT
    mapping.save()
    mapping.locations.clear()
    client.logout()
    sign_in(client, "sterk")
    user = User.objects.get(email="sterk@example.org")
    assert user.role == Role.MANAGEMENT
    assert not user.locations.exists()
    assert User.objects.filter(email="sterk@example.org").count() == 1
