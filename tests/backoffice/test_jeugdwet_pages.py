"""The Jeugdwet report's pages (LEGAL.md R5) are usable by keyboard and screen reader at phone
width: the committee-per-year page (also with an error shown) and the report page's steps."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.organisation.models import Role
from klachtwijs.reports.models import AnnualReport, Variant
from tests.backoffice.test_login import PASSWORD, code
from tests.factories import UserFactory


@pytest.mark.browser
def test_committee_and_jeugdwet_steps_are_accessible(
    live_server, transactional_db, phone_page, accessible
):
    user = UserFactory(role=Role.QUALITY_LEAD, username="lead")
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    report = AnnualReport.objects.create(year=2025, variant=Variant.JEUGDWET, created_by=user)
    page = phone_page
    page.goto(live_server.url + "/staff/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("lead")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/staff/jaarverslag/commissie/2025/?verslag={report.pk}")
    assert page.get_by_role("heading", level=1).count() == 1
    accessible(page)
    page.get_by_label("Leden van de klachtencommissie").fill("A\nB\nC")
    page.get_by_label("Voorzitter", exact=True).fill("A")
    page.get_by_label("De commissie kon haar werk dit jaar doen").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    assert "Leg uit waarom" in page.content()
    accessible(page)
    page.get_by_label("Toelichting").fill("Een lid was lang ziek.")
    page.set_default_timeout(60_000)  # the report page gathers the whole report
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/staff/jaarverslag/{report.pk}/")
    assert "Een lid was lang ziek." in page.content()
    accessible(page)
