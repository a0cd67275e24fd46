"""In Chromium at phone width: an administrator invites a handler on the staff page, the
invitation arrives over SMTP, the handler enrols the authenticator from the QR code's secret
and is signed in; the staff pages, the invitation and the Dutch error pages are axe-clean."""

import html
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from klachtwijs.organisation.models import Role, User
from tests.accounts.enrol import code_for, secret_of
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TIMEOUT = 30_000
LINK = re.compile(r"https?://\S+/staff/account/uitnodiging/\S+/")


def _signed_in(page, live_server, user):
    client = login_staff(Client(), user)
    name = django_settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def test_invite_enrol_and_sign_in(live_server, page, browser, smtp_server, settings, axe_clean):
    settings.SITE_URL = live_server.url
    page.set_default_timeout(TIMEOUT)
    LocationFactory(name="De Regenboog")
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    _signed_in(page, live_server, administrator)

    page.goto(f"{live_server.url}/staff/organisatie/medewerkers/")
    axe_clean(page)
    page.get_by_role("link", name="Medewerker uitnodigen").click()
    axe_clean(page)
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("behandelaar").check()
    page.get_by_label("De Regenboog").check()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("De uitnodiging is verstuurd").wait_for()
    axe_clean(page)

    [mail] = smtp_server.wait_for(1, timeout=20)
    link = LINK.search(mail.get_body(preferencelist=("plain",)).get_content()).group(0)
    invitee = browser.new_context(viewport={"width": 360, "height": 800}, locale="nl-NL")
    tab = invitee.new_page()
    tab.set_default_timeout(TIMEOUT)
    tab.goto(link)
    axe_clean(tab)
    tab.get_by_text("Kunt u de code niet scannen?").click()
    axe_clean(tab)
    uri = html.unescape(tab.locator("figure[data-otpauth]").get_attribute("data-otpauth"))
    tab.get_by_label("Nieuw wachtwoord", exact=True).fill("Kwaliteit-Dagopvang-2026")
    tab.get_by_label("Nieuw wachtwoord nog een keer").fill("Kwaliteit-Dagopvang-2026")
    tab.get_by_label("Code uit de app").fill(code_for(secret_of(uri)))
    tab.get_by_role("button", name="Account instellen en inloggen").click()
    tab.get_by_text("Welkom! Uw account is klaar.").wait_for()
    assert tab.url.endswith("/staff/")
    assert User.objects.get(email="sanne@example.nl").has_usable_password()

    tab.goto(link)  # used: the explanation
    tab.get_by_role("heading", name="Deze link werkt niet (meer)").wait_for()
    axe_clean(tab)
    invitee.close()


def test_error_pages_are_axe_clean(live_server, page, settings, axe_clean):
    settings.ROOT_URLCONF = "tests.errors.urls"
    settings.DEBUG = False
    page.set_default_timeout(TIMEOUT)
    for path, heading in [
        ("/status/" + "x" * 43 + "/", "Deze pagina bestaat niet (meer)"),
        ("/vreemd/", "Dit verzoek konden wij niet verwerken"),
        ("/kapot/", "Er ging bij ons iets mis"),
    ]:
        page.goto(live_server.url + path)
        page.get_by_role("heading", name=heading).wait_for()
        axe_clean(page)

    LocationFactory()  # the public form is open only with a location (issue 14's set-up gate)
    page.goto(f"{live_server.url}/klantreactie/")
    page.context.clear_cookies()
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.get_by_role("heading", name="Het formulier kon niet worden verstuurd").wait_for()
    axe_clean(page)

    _signed_in(page, live_server, UserFactory(role=Role.HANDLER))
    page.goto(f"{live_server.url}/staff/organisatie/medewerkers/")
    page.get_by_role("heading", name="U hebt geen toegang tot deze pagina").wait_for()
    axe_clean(page)
    page.goto(f"{live_server.url}/staff/kapot/")
    page.get_by_role("link", name="Terug naar het overzicht").wait_for()
    axe_clean(page)
