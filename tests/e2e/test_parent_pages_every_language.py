"""Issue 16: every parent page in every parent language at 360 px, axe-clean (WCAG 2.1 AA), no
sideways scroll, `<html lang>` the language and right to left only for Arabic.

The pages: the form (named and anonymous), the embeddable form, "Link kwijt?" and its "sent"
page, the complaints regulation, a confirmation, the status page of a judged complaint with a
measure and that measure's "Is dit gebeurd?" page. The data is made once; one browser tab per
language (the browser asks for it) walks every page, so this is one test, not 54.
"""

import datetime as dt
import time

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Regulation
from klachtwijs.feedback.tokens import link_new, measure_followup_url
from klachtwijs.intake.views import confirmation_url
from tests.e2e.conftest import PHONE_WIDTH
from tests.factories import FeedbackFactory, LocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_parent_page_in_every_language_is_accessible(
    live_server, browser, axe_clean, settings
):
    settings.SITE_URL = live_server.url
    languages = [code for code, _name in django_settings.LANGUAGES]
    assert sorted(languages) == sorted(["nl", "en", "ar", "tr", "pl", "uk"])
    LocationFactory(name="De Regenboog")
    Regulation.objects.create(
        version="2025", in_force_from=dt.date(2025, 1, 1), text="## Zo werkt het\n\nWij luisteren."
    )
    sent = FeedbackFactory()
    judged = FeedbackFactory(closed=True)
    measure = judged.measures.get()
    services.measure_complete(
        measure_id=measure.pk, done_on=timezone.localdate(), by=judged.handler
    )
    pages = {
        "form": "/klantreactie/",
        "anonymous form": "/klantreactie/?soort=anoniem",
        "embed": "/klantreactie/embed/",
        "link kwijt": "/status/link-opnieuw/",
        "link kwijt, sent": "/status/link-opnieuw/verstuurd/",
        "regulation": "/klachtenregeling/",
        "confirmation": confirmation_url(sent),
        "status after judgment": link_new(judged).removeprefix(live_server.url),
        "is dit gebeurd": measure_followup_url(measure.pk).removeprefix(live_server.url),
    }

    started = time.perf_counter()
    for language in languages:
        context = browser.new_context(
            viewport={"width": PHONE_WIDTH, "height": 740}, locale=language
        )
        context.set_default_timeout(10_000)
        tab = context.new_page()
        try:
            for name, path in pages.items():
                response = tab.goto(f"{live_server.url}{path}")
                assert response.status == 200, (language, name, response.status)
                html = tab.locator("html")
                expect(html).to_have_attribute("lang", language)
                expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
                if name == "status after judgment":  # the judgment is really shown
                    expect(tab.locator(".reasoning")).to_have_text("De overdracht kan beter.")
                axe_clean(tab)
        finally:
            context.close()
    print(
        f"\n{len(pages)} parent pages x {len(languages)} languages axe-clean at "
        f"{PHONE_WIDTH}px in {time.perf_counter() - started:.1f} s"
    )
