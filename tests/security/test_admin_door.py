"""The Django admin is a door like the others (issue #12, point 4).

Same sign-in as the staff pages (password and TOTP), sections decided by
`organisation/access.py`, no dossier data, no TOTP secret after enrolment, API tokens only for
the roles access allows. The admin's URLs and sections are taken from the registry and the URL
configuration, so a new ModelAdmin or admin view cannot skip these tests.
"""

import base64
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.api.models import ApiToken
from klachtwijs.feedback import services
from klachtwijs.feedback.models import Improvement
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation import access
from klachtwijs.organisation.admin_site import KlachtwijsAdminSite
from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

SIGN_IN = reverse(settings.LOGIN_URL)
PASSWORD = "een-goed-wachtwoord"

# Admin URL names the crawl does not GET, each with its reason.
NOT_CRAWLED = {
    "admin:login": "the sign-in redirect itself (test_admin_login_signs_nobody_in)",
    "admin:logout": "POST only; signs out",
    "admin:view_on_site": "redirects to the object's own page, which has its own gate",
}


def _url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names |= _url_names(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def admin_urls() -> dict[str, set[str]]:
    """Every admin page, by URL name: each app, each model's list, add form and, for every row
    (a few per model), its change, history and delete pages."""
    found: dict[str, set[str]] = {"admin:index": {reverse("admin:index")}}
    found["admin:app_list"] = {
        reverse("admin:app_list", args=[model._meta.app_label]) for model in admin.site._registry
    }
    found["admin:password_change"] = {reverse("admin:password_change")}
    found["admin:password_change_done"] = {reverse("admin:password_change_done")}
    found["admin:jsi18n"] = {reverse("admin:jsi18n")}
    found["admin:autocomplete"] = {
        reverse("admin:autocomplete")
        + "?app_label=organisation&model_name=location&field_name=manager&term=a"
    }
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pks = list(model._default_manager.values_list("pk", flat=True)[:8]) or [1]
        for view in ("changelist", "add"):
            found.setdefault(f"{prefix}_{view}", set()).add(reverse(f"{prefix}_{view}"))
        for name in _url_names(model_admin.get_urls()):
            if name.endswith(("_change", "_history", "_delete", "_password_change")):
                found[f"admin:{name}"] = {reverse(f"admin:{name}", args=[pk]) for pk in pks}
    return found


def _crawl(client) -> dict[str, object]:
    """GET every admin page; url -> response."""
    return {url: client.get(url) for urls in admin_urls().values() for url in urls}


def test_admin_site_is_ours_and_the_crawl_covers_every_admin_url():
    assert isinstance(admin.site, KlachtwijsAdminSite)
    names = _url_names(admin.site.get_urls(), "admin:")
    assert names - set(admin_urls()) - set(NOT_CRAWLED) == set()


def test_admin_login_signs_nobody_in_with_a_password(client):
    user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/login/?next=/admin/").url == f"{SIGN_IN}?next=/admin/"


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.QUALITY_LEAD])
def test_a_password_without_totp_reaches_no_admin_page(client, role):
    """Signed in with a password alone (as /admin/login/ used to do), even as superuser."""
    client.force_login(UserFactory(role=role, is_staff=True, is_superuser=True))
    reached = {}
    for url, response in _crawl(client).items():
        final = client.get(url, follow=True)
        if response.status_code != 302 or final.request["PATH_INFO"] != SIGN_IN:
            reached[url] = response.status_code
    assert reached == {}


@pytest.mark.parametrize("superuser", [False, True])
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_exactly_the_sections_access_allows(client, role, superuser):
    user = UserFactory(role=role, is_staff=superuser, is_superuser=superuser)
    login_staff(client, user)
    enters = access.can(user, "admin")
    index = client.get(reverse("admin:index"))
    assert index.status_code == (200 if enters else 403)
    shown = set()
    if enters:
        shown = {m["object_name"] for app in index.context["app_list"] for m in app["models"]}
    expected, wrong = set(), {}
    for model, model_admin in admin.site._registry.items():
        allowed = (
            enters and model_admin.section is not None and access.can(user, model_admin.section)
        )
        if allowed:
            expected.add(model._meta.object_name)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        status = client.get(url).status_code
        if status != (200 if allowed else 403):
            wrong[url] = status
    assert wrong == {}
    assert shown == expected


def test_the_sections_per_role_are_what_the_issue_asks():
    """Spot checks of the table in access.py (the crawl above follows whatever it says)."""
    sections = {
        name: model_admin.section
        for model, model_admin in admin.site._registry.items()
        for name in [model._meta.label]
    }
    admin_role, lead = UserFactory(role=Role.ADMINISTRATOR), UserFactory(role=Role.QUALITY_LEAD)
    assert access.can(admin_role, sections["organisation.User"])
    assert access.can(admin_role, sections["otp_totp.TOTPDevice"])
    assert not access.can(admin_role, sections["api.ApiToken"])
    assert not access.can(admin_role, sections["core.AccessLog"])
    assert access.can(lead, sections["api.ApiToken"])
    assert access.can(lead, sections["core.AccessLog"])
    assert not access.can(lead, sections["organisation.User"])
    # Another app's ModelAdmin without a section is shown to nobody.
    assert sections["django_tasks_database.DBTaskResult"] is None
    assert not {"feedback.Feedback", "feedback.Event", "feedback.Situation"} & set(sections)


@pytest.fixture
def dossier_data(tmp_path, settings):
    """A meldcode dossier about `concerned`, an ordinary dossier with its parent's mail (and
    private link) in the outbox, a failed mail naming the parent, and an authenticator."""
    settings.MEDIA_ROOT = tmp_path

    def make(concerned):
        location = LocationFactory()
        officer = UserFactory(role=Role.QUALITY_OFFICER)
        suspicion = FeedbackFactory(
            location=location,
            registered=True,
            description="Vermoeden over een medewerker van groep Egeltjes.",
            submitter_email="melder@example.nl",
        )
        services.meldcode_start(
            feedback_id=suspicion.pk, text="Signalen", by=officer, concerned_employee=concerned
        )
        ordinary = FeedbackFactory(
            location=location,
            closed=True,
            description="Het eten was koud bij de Vlinders.",
            submitter_email="ouder.visser@example.nl",
        )
        mail = OutboxMessage.objects.filter(feedback=ordinary).first()
        token = re.search(r"/status/([^/\s]+)/", mail.body_text).group(1)
        OutboxMessage.objects.filter(pk=mail.pk).update(
            last_error="SMTPRecipientsRefused: {'ouder.visser@example.nl': (550, 'unknown')}"
        )
        improvement = Improvement.objects.create(title="Warm eten", decided_on="2025-03-01")
        improvement.feedback.set([ordinary, suspicion])
        device = TOTPDevice.objects.create(user=concerned, name="telefoon")
        secrets = [device.key, base64.b32encode(device.bin_key).decode(), token]
        for dossier in (suspicion, ordinary):
            dossier.refresh_from_db()
            secrets += [dossier.reference, dossier.description, dossier.submitter_email]
        return secrets

    return make


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.QUALITY_LEAD])
def test_no_admin_page_shows_dossier_data_or_a_totp_key(client, dossier_data, role):
    """Crawled as a superuser whom a meldcode dossier is about: nothing of any dossier (M2,
    DESIGN §1), no parent's address or private link, no TOTP key."""
    concerned = UserFactory(role=role, is_staff=True, is_superuser=True)
    secrets = dossier_data(concerned)
    login_staff(client, concerned)
    pages = _crawl(client)
    assert sum(response.status_code == 200 for response in pages.values()) > 20
    found = {
        (url, secret)
        for url, response in pages.items()
        for secret in secrets
        if secret in response.content.decode()
    }
    assert found == set()


def test_the_admin_makes_no_authenticator_and_sets_no_password(client):
    """Issue 14: people enrol their own authenticator through their link; the admin shows
    who has one, never its key, and links to the reset on the staff page."""
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    other = UserFactory(role=Role.HANDLER)
    device = TOTPDevice.objects.create(user=other, name="telefoon")
    login_staff(client, administrator)
    add = client.post(reverse("admin:otp_totp_totpdevice_add"), {"user": other.pk, "name": "x"})
    assert add.status_code == 403
    assert TOTPDevice.objects.filter(user=other).count() == 1
    password = client.post(
        reverse("admin:auth_user_password_change", args=[other.pk]),
        {"password1": "EenNieuwWachtwoord-123", "password2": "EenNieuwWachtwoord-123"},
    )
    assert password.status_code == 403
    other.refresh_from_db()
    assert not other.check_password("EenNieuwWachtwoord-123")
    user_add = client.get(reverse("admin:organisation_user_add"))
    assert user_add["Location"] == reverse("organisation:staff_invite")
    staff_page = reverse("organisation:staff_edit", args=[other.pk])
    secret = base64.b32encode(device.bin_key).decode()
    for url in (
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        reverse("admin:organisation_user_change", args=[other.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert staff_page in text, url
        assert secret[:16] not in text.replace(" ", ""), url
        assert device.key not in text, url
        assert 'name="password' not in text, url


def test_api_service_accounts_get_no_password_or_authenticator_in_the_admin(client):
    from klachtwijs.api import services as api_services

    token, _key = api_services.api_token_create(
        name="website", role=Role.QUALITY_OFFICER, locations=[], meldcode_designated=False
    )
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR))
    user_change = reverse("admin:organisation_user_change", args=[token.user.pk])
    assert client.get(user_change).status_code in (302, 404)  # "does not exist" -> index
    response = client.post(
        reverse("admin:otp_totp_totpdevice_add"), {"user": token.user.pk, "name": "x"}
    )
    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=token.user).exists()


def test_nobody_changes_their_own_role_in_the_admin(client):
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    login_staff(client, administrator)
    response = client.get(reverse("admin:organisation_user_change", args=[administrator.pk]))
    assert "role" not in response.context["adminform"].form.fields


def test_the_administrator_cannot_make_an_api_token(client, location):
    login_staff(client, UserFactory(role=Role.ADMINISTRATOR, is_superuser=True))
    add = reverse("admin:api_apitoken_add")
    assert client.get(add).status_code == 403
    response = client.post(add, {"name": "lek", "role": Role.QUALITY_LEAD})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_the_quality_lead_makes_and_revokes_an_api_token(client, location):
    login_staff(client, UserFactory(role=Role.QUALITY_LEAD))
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "website", "role": Role.EMPLOYEE, "locations": [location.pk]},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="website")
    assert response.context["key"] in response.content.decode()
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_deleting_a_user_never_touches_a_dossier(client):
    """Deleting would clear the employee a meldcode dossier is about (M2) and the dossier's
    author: refused, and the page names no dossier."""
    administrator, employee = UserFactory(role=Role.ADMINISTRATOR), UserFactory(role=Role.EMPLOYEE)
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    dossier = FeedbackFactory(registered=True)
    services.meldcode_start(
        feedback_id=dossier.pk, text="Signalen", by=officer, concerned_employee=employee
    )
    login_staff(client, administrator)
    url = reverse("admin:organisation_user_delete", args=[employee.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert dossier.reference not in page.content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 403
    dossier.refresh_from_db()
    assert dossier.concerned_employee == employee
