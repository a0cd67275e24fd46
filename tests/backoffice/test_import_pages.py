"""The import steps in a browser at phone width: upload, mapping step, preview, import; axe
finds nothing on any of them (issue 14)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Role
from tests.backoffice.test_login import PASSWORD, code
from tests.factories import LocationFactory, RegionFactory, ServiceFactory, UserFactory
from tests.importing.conftest import csv_file, row


@pytest.mark.browser
def test_the_import_steps_in_the_browser_are_accessible(
    live_server, transactional_db, phone_page, accessible
):
    user = UserFactory(role=Role.QUALITY_OFFICER, username="anouk")
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    region = RegionFactory(name="Brabant-Zuidoost")
    dagopvang = ServiceFactory()
    morel = LocationFactory(name="Morel", region=region, services=[dagopvang])
    morel.manager = user
    morel.save()
    data = csv_file([row(onderwerp="oudercontact"), row(vestiging="De Boomhut", oordeel="terecht")])

    page = phone_page
    page.goto(live_server.url + "/staff/import/")
    page.get_by_label("Gebruikersnaam").fill("anouk")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/staff/import/")
    accessible(page)
    page.get_by_label("Het register (.xlsx of .csv)").set_input_files(
        {"name": "register.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Bestand controleren").click()
    page.wait_for_url("**/staff/import/koppelen/")
    accessible(page)

    page.get_by_role("button", name="Koppelen en controleren").click()  # nothing chosen
    assert page.locator(".error-summary").count() == 1
    accessible(page)
    page.get_by_label("'oudercontact' (rij 2) betekent").select_option("Communicatie en informatie")
    page.get_by_label("'De Boomhut' (rij 3) betekent").select_option("__nieuw__")
    page.get_by_label("GGD-regio van 'De Boomhut' als die nieuw is").select_option(str(region.pk))
    page.get_by_label("Dienst van 'De Boomhut' als die nieuw is").select_option(str(dagopvang.pk))
    page.get_by_role("button", name="Koppelen en controleren").click()
    page.wait_for_url("**/staff/import/controle/")
    accessible(page)
    page.get_by_role("button", name="Nu importeren").click()
    page.wait_for_url("**/staff/import/")
    assert "2 klantreacties (2 × klacht) ingelezen." in page.content()
    accessible(page)
    assert Feedback.objects.count() == 2
