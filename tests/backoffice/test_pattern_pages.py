"""The pattern page in the browser: axe-clean with an open alert, its error and the heat map."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.organisation.models import Role
from tests.backoffice.test_login import PASSWORD, code
from tests.factories import FeedbackFactory, LocationFactory, UserFactory, category


@pytest.mark.browser
def test_the_pattern_page_is_accessible(live_server, transactional_db, phone_page, accessible):
    user = UserFactory(role=Role.QUALITY_LEAD, username="lead")
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    location = LocationFactory(name="Linde")
    for days in (30, 20, 10):
        FeedbackFactory(
            location=location,
            received_at=timezone.now() - dt.timedelta(days=days),
            category=category(),
        )
    page = phone_page
    page.goto(live_server.url + "/staff/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("lead")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/staff/patronen/")
    assert page.get_by_role("heading", level=1).count() == 1
    accessible(page)
    page.get_by_role("button", name="Afgehandeld").first.click()
    assert "Schrijf kort op" in page.content()
    accessible(page)
    page.get_by_label("Wat heeft u gedaan?").first.fill("Besproken met het team.")
    page.get_by_role("button", name="Afgehandeld").first.click()
    assert "Besproken met het team." in page.content()
    accessible(page)
