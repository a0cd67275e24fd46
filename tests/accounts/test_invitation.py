"""Staff are invited, not configured (issue 14): the invitation mail arrives over real SMTP, its
one-time link sets the password and enrols the authenticator from the QR code, and signs in."""

import datetime as dt
import re

import pytest
import segno
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.accounts import services
from klachtwijs.accounts.models import Invitation
from klachtwijs.notifications.sending import outbox_send_due
from klachtwijs.organisation.models import Role, User
from tests.accounts.enrol import code_for, link_path, otpauth_uri, secret_of
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db
PASSWORD = "Kwaliteit-Dagopvang-2026"
INVALID = "Deze link werkt niet (meer)"


def _invite(client, by, location, email="sanne.bakker@example.nl"):
    login_staff(client, by)
    response = client.post(
        reverse("organisation:staff_invite"),
        {
            "first_name": "Sanne",
            "last_name": "Bakker",
            "email": email,
            "role": Role.HANDLER,
            "locations": [location.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    client.logout()
    return User.objects.get(email=email)


def _accept(client, path, *, password=PASSWORD, code=None):
    page = client.get(path).content.decode()
    secret = secret_of(otpauth_uri(page))
    return client.post(
        path,
        {"password": password, "password_again": password, "code": code or code_for(secret)},
    ), secret


def _sign_in(client, username, password, code):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password, "otp_token": code},
    )


def test_invitation_arrives_over_smtp_and_its_link_enrols_and_signs_in(client, smtp_server):
    administrator = UserFactory(role=Role.ADMINISTRATOR, first_name="Bea", last_name="Heer")
    location = LocationFactory()
    person = _invite(client, administrator, location)
    assert not person.has_usable_password()
    assert list(person.locations.all()) == [location]

    assert outbox_send_due().sent == 1
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "sanne.bakker@example.nl"
    assert "account" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Beste Sanne" in body
    assert "Uw gebruikersnaam is: sanne.bakker@example.nl" in body
    path = link_path(body)

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    uri = otpauth_uri(html)
    # The QR code on the page is this URI, and the secret in the disclosure is its secret.
    assert segno.make(uri, error="m").svg_inline(scale=4, light="#fff", omitsize=True) in html
    secret = secret_of(uri)
    assert " ".join(re.findall(".{1,4}", secret)) in html
    assert 'role="img"' in html
    assert "Kunt u de code niet scannen?" in html

    response = client.post(
        path, {"password": PASSWORD, "password_again": PASSWORD, "code": code_for(secret)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200  # signed in, second factor verified
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    device = TOTPDevice.objects.get(user=person)
    assert device.confirmed

    # Single use: the link now answers with the explanation, also for a POST.
    again = Client()
    assert INVALID in again.get(path).content.decode()
    assert again.get(path).status_code == 404
    reuse = again.post(
        path, {"password": "x" * 20, "password_again": "x" * 20, "code": code_for(secret)}
    )
    assert reuse.status_code == 404
    person.refresh_from_db()
    assert person.check_password(PASSWORD)

    # The ordinary sign-in works with the app's next code.
    signed_in = _sign_in(Client(), person.username, PASSWORD, code_for(secret, later=30))
    assert signed_in.status_code == 302


def test_a_wrong_code_or_weak_password_changes_nothing(client):
    person = _invite(client, UserFactory(role=Role.QUALITY_LEAD), LocationFactory())
    path = link_path(_mail_body(person))

    wrong, _secret = _accept(client, path, code="000000")
    weak, _secret = _accept(client, path, password="12345678")
    assert wrong.status_code == weak.status_code == 400
    assert "Deze code klopt niet" in wrong.content.decode()
    assert 'aria-invalid="true"' in weak.content.decode()
    assert "wachtwoord" in weak.content.decode().lower()
    person.refresh_from_db()
    assert not person.has_usable_password()
    assert not TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    assert client.get(path).status_code == 200  # still usable


def test_a_too_short_password_gets_the_dutch_message_next_to_the_field(client):
    """Django 5.2's own Dutch catalog lacks the new "too short" text (klachtwijs.core.passwords),
    also for a browser that asks for English."""
    person = _invite(client, UserFactory(role=Role.QUALITY_LEAD), LocationFactory())
    path = link_path(_mail_body(person))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    short, _secret = _accept(client, path, password="Kort-2026")
    page = short.content.decode()
    assert short.status_code == 400
    assert 'id="id_password_error"' in page
    assert "Dit wachtwoord is te kort. Het moet minstens 12 tekens lang zijn." in page
    assert "Uw wachtwoord moet minstens 12 tekens lang zijn." in page  # the hint
    assert "too short" not in page
    person.refresh_from_db()
    assert not person.has_usable_password()


def _mail_body(person) -> str:
    from klachtwijs.notifications.models import OutboxMessage

    return OutboxMessage.objects.filter(to=person.email).latest("pk").body_text


def test_expired_replaced_and_unknown_links_get_the_same_dutch_page(client):
    person = UserFactory(role=Role.HANDLER, email="jan@example.nl")
    lead = UserFactory(role=Role.QUALITY_LEAD)
    services.authenticator_reset(
        user_id=person.pk, by=lead, at=timezone.now() - dt.timedelta(days=8)
    )
    expired = link_path(_mail_body(person))
    services.authenticator_reset(user_id=person.pk, by=lead)
    current = link_path(_mail_body(person))
    services.authenticator_reset(user_id=person.pk, by=lead)
    replaced = current

    pages = [client.get(p) for p in (expired, replaced, "/staff/account/uitnodiging/bestaat-niet/")]
    assert {p.status_code for p in pages} == {404}
    assert len({p.content for p in pages}) == 1  # nothing tells which case, or whose link
    text = pages[0].content.decode()
    assert INVALID in text
    assert "Vraag de beheerder of het hoofd kwaliteit om een nieuwe link" in text
    assert "jan@example.nl" not in text


def test_lost_device_reset_is_recorded_and_mails_a_new_link(client, smtp_server):
    lead = UserFactory(role=Role.QUALITY_LEAD, first_name="Lies", last_name="Kwaliteit")
    person = UserFactory(role=Role.HANDLER, email="piet@example.nl", first_name="Piet")
    old = TOTPDevice.objects.create(user=person, name="oude telefoon", confirmed=True)
    login_staff(client, lead)

    response = client.post(reverse("organisation:staff_reset", args=[person.pk]))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    [reset] = Invitation.objects.filter(user=person)
    assert reset.purpose == Invitation.Purpose.RESET
    assert reset.created_by == lead
    edit = client.get(reverse("organisation:staff_edit", args=[person.pk])).content.decode()
    assert "authenticator opnieuw ingesteld door Lies Kwaliteit" in edit
    assert outbox_send_due().sent == 1
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "piet@example.nl"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "authenticator-app" in body

    fresh = Client()
    accepted, _secret = _accept(fresh, link_path(body))
    assert accepted.status_code == 302
    reset.refresh_from_db()
    assert reset.used_at is not None
    assert (
        "gebruikt op"
        in client.get(reverse("organisation:staff_edit", args=[person.pk])).content.decode()
    )


def test_no_page_shows_the_secret_after_enrolment(client):
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    person = _invite(client, administrator, LocationFactory())
    path = link_path(_mail_body(person))
    newcomer = Client()
    accepted, secret = _accept(newcomer, path)
    assert accepted.status_code == 302
    device = TOTPDevice.objects.get(user=person)

    pages = {
        "own home": newcomer.get("/staff/"),
        "the used link": newcomer.get(path),
    }
    login_staff(client, administrator)
    for url in (
        reverse("organisation:staff"),
        reverse("organisation:staff_edit", args=[person.pk]),
        reverse("admin:organisation_user_change", args=[person.pk]),
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
    ):
        pages[url] = client.get(url)
    for name, response in pages.items():
        text = response.content.decode().replace(" ", "")
        assert secret not in text, name
        assert secret[:8] not in text, name
        assert device.key not in text, name
        assert "otpauth" not in text, name


def test_who_may_invite_and_whom(client):
    lead = UserFactory(role=Role.QUALITY_LEAD)
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    handler = UserFactory(role=Role.HANDLER)

    login_staff(client, handler)
    assert client.get(reverse("organisation:staff")).status_code == 403

    login_staff(client, lead)
    form = client.get(reverse("organisation:staff_invite")).content.decode()
    assert f'value="{Role.ADMINISTRATOR}"' not in form  # the lead makes no administrators
    refused = client.post(
        reverse("organisation:staff_invite"),
        {"first_name": "A", "last_name": "B", "email": "a@example.nl", "role": "administrator"},
    )
    assert refused.status_code == 400
    assert not User.objects.filter(email="a@example.nl").exists()
    assert "a@example.nl" in refused.content.decode()  # the form keeps what was typed
    assert (
        client.get(reverse("organisation:staff_edit", args=[administrator.pk])).status_code == 404
    )
    assert client.get(reverse("organisation:staff_edit", args=[lead.pk])).status_code == 404
    assert (
        client.post(reverse("organisation:staff_reset", args=[administrator.pk])).status_code == 404
    )

    taken = client.post(
        reverse("organisation:staff_invite"),
        {"first_name": "A", "last_name": "B", "email": handler.email.upper(), "role": "handler"},
    )
    assert taken.status_code == 400
    assert "Er is al een account met dit e-mailadres." in taken.content.decode()


def test_the_staff_page_changes_role_and_locations(client):
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    here, there = LocationFactory(), LocationFactory()
    person = UserFactory(role=Role.EMPLOYEE, locations=[here])
    login_staff(client, administrator)
    listing = client.get(reverse("organisation:staff")).content.decode()
    assert reverse("organisation:staff_edit", args=[person.pk]) in listing

    response = client.post(
        reverse("organisation:staff_edit", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "role": Role.HANDLER,
            "locations": [there.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == Role.HANDLER
    assert list(person.locations.all()) == [there]
