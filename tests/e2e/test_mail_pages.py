"""The unmatched-mail pages (issue 15, /staff/post/) in headless Chromium at 360 px,
axe-clean: the list, one mail, a wrong reference answered next to the field with the input
kept, then the mail linked by keyboard and on the dossier's timeline."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from klachtwijs.feedback.models import Event
from klachtwijs.organisation.models import Role
from tests.e2e.conftest import PHONE_WIDTH
from tests.factories import FeedbackFactory, UserFactory, unmatched_mail
from tests.helpers import login_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_mail_pages_at_360_px(live_server, browser, axe_clean):
    officer = UserFactory(role=Role.QUALITY_OFFICER)
    feedback = FeedbackFactory(in_progress=True)
    unmatched_mail(
        sender="een.heel.lang.adres.van.een.ouder@voorbeeld-kinderopvang.example.nl",
        text="Hoe staat het met mijn klacht over de overdracht?\nGroet, Fleur",
    )
    client = login_staff(Client(), officer)
    name = django_settings.SESSION_COOKIE_NAME
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800}, locale="nl-NL")
    context.set_default_timeout(30_000)
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    tab = context.new_page()

    tab.goto(live_server.url + reverse("mailin:list"))
    axe_clean(tab)
    tab.get_by_role("link", name="Vraag").click()
    tab.get_by_role("heading", name="E-mail van een ouder").wait_for()
    axe_clean(tab)

    field = tab.get_by_label("Kenmerk van het dossier")
    field.fill("1999-0001")
    field.press("Enter")
    tab.get_by_text("Er is geen dossier met dit kenmerk").first.wait_for()
    assert field.input_value() == "1999-0001"
    axe_clean(tab)

    field.fill(feedback.reference)
    field.press("Enter")
    tab.get_by_text(f"De e-mail staat nu in dossier {feedback.reference}.").wait_for()
    axe_clean(tab)
    event = Event.objects.get(feedback=feedback, kind=Event.Kind.PARENT_INFO)
    assert "overdracht" in event.text
    context.close()
