"""The webhook settings pages (issue 15) in headless Chromium at 360 px, axe-clean: the
administrator fills in the form by its labels, with the keyboard, sees the secret once and
reads the delivery log."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from klachtwijs.organisation.models import Role
from klachtwijs.webhooks.models import WebhookSubscription
from tests.e2e.conftest import PHONE_WIDTH
from tests.factories import FeedbackFactory, UserFactory
from tests.helpers import login_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_webhook_pages_at_360_px(live_server, browser, axe_clean):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    client = login_staff(Client(), admin)
    name = django_settings.SESSION_COOKIE_NAME
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800}, locale="nl-NL")
    context.set_default_timeout(30_000)
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    tab = context.new_page()

    tab.goto(live_server.url + reverse("webhooks:list"))
    axe_clean(tab)
    tab.get_by_label("Naam").fill("Kwaliteitssysteem")
    tab.get_by_label("Adres (URL) van het andere systeem").fill("http://127.0.0.1:9/hook")
    tab.get_by_label("Ontvangen").check()
    tab.get_by_label("Afgesloten na oordeel").focus()
    tab.keyboard.press("Space")
    tab.get_by_role("button", name="Koppeling toevoegen").press("Enter")
    tab.get_by_text("De koppeling is aangemaakt.").wait_for()
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["receive", "close"]
    assert tab.locator("#geheime-sleutel").inner_text() == subscription.secret
    axe_clean(tab)

    FeedbackFactory()  # a delivery in the log (nobody listens on port 9: it waits)
    tab.reload()
    assert subscription.secret not in tab.content()
    assert tab.get_by_role("cell", name="Ontvangen").is_visible()
    axe_clean(tab)
