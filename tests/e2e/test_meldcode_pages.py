"""The meldcode pages of issue #13 in headless Chromium at 360 px, axe-clean: the settings
page naming who decides (filled in by label, saved with the keyboard), the form naming the
employee concerned after the start, and the checklist prompting for the IGJ report."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from klachtwijs.organisation.models import Role
from klachtwijs.organisation.selectors import organisation_get
from tests.e2e.conftest import PHONE_WIDTH
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import login_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone_tab(browser, live_server, user):
    client = login_staff(Client(), user)
    name = django_settings.SESSION_COOKIE_NAME
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800}, locale="nl-NL")
    context.set_default_timeout(30_000)
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    return context.new_page()


def test_the_meldcode_pages_at_360_px(live_server, browser, axe_clean):
    service = ServiceFactory(jeugdwet=True)
    location = LocationFactory(name="De Regenboog", services=[service])
    lead = UserFactory(role=Role.QUALITY_LEAD, first_name="Marloes", last_name="Timmermans")
    UserFactory(role=Role.MELDCODE_OFFICER, first_name="Ingrid", last_name="Hoekstra")
    employee = UserFactory(role=Role.HANDLER, first_name="Bram", last_name="Kwetsbaar")
    feedback = FeedbackFactory(location=location, service=service, meldcode=True)
    tab = _phone_tab(browser, live_server, lead)

    tab.goto(live_server.url + reverse("settings:meldcode"))
    axe_clean(tab)
    tab.get_by_label("Wie beslist in de meldcoderoute?").select_option(label="Ingrid Hoekstra")
    tab.get_by_label("Beslisser voor vestiging De Regenboog").focus()
    tab.keyboard.press("Tab")  # the next stop is the button
    tab.keyboard.press("Enter")
    tab.get_by_text("De instellingen voor de meldcode zijn opgeslagen.").wait_for()
    assert organisation_get().meldcode_decider.last_name == "Hoekstra"

    tab.goto(live_server.url + reverse("staff:meldcode_concerned", args=[feedback.pk]))
    axe_clean(tab)
    tab.get_by_label("Over welke medewerker gaat het vermoeden?").select_option(
        label="Bram Kwetsbaar"
    )
    tab.get_by_role("button", name="Vastleggen").click()
    tab.wait_for_url(f"**/dossiers/{feedback.pk}/")
    feedback.refresh_from_db()
    assert feedback.concerned_employee == employee
    assert tab.locator("#igj-meldplicht").is_visible()
    axe_clean(tab)

    tab.goto(live_server.url + reverse("staff:meldcode", args=[feedback.pk]))
    assert "Ingrid Hoekstra" in tab.content()
    axe_clean(tab)
