"""A parent, by keyboard only on a phone-sized screen: the form, an error, sending, the mail,
the private page, adding information; axe-core checks every public page on the way. The
journey runs in Dutch and in Arabic (right to left, issue 16): the browser asks for the
language, the texts come from the catalog (`_t`)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from klachtwijs.feedback.models import Event, Feedback, Regulation
from tests.e2e.conftest import PHONE_WIDTH, translator
from tests.factories import LocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/status/\S+/")


@pytest.fixture
def page(browser, language):
    """A phone-sized tab whose browser asks for `language`."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800}, locale=language)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def _press(page, locator, key: str) -> None:
    locator.focus()
    page.keyboard.press(key)


def _type(page, locator, text: str) -> None:
    locator.focus()
    page.keyboard.type(text)


def test_parent_sends_a_complaint_and_follows_it(
    live_server, page, axe_clean, smtp_server, settings, language
):
    settings.SITE_URL = live_server.url
    LocationFactory(name="De Regenboog")
    _t = translator(language)

    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(_t("Vertel ons wat er is gebeurd"))
    axe_clean(page)

    # Sending the empty form: the error summary gets the focus.
    _press(page, page.get_by_role("button", name=_t("Controleer mijn bericht")), "Enter")
    expect(page.locator("#foutmeldingen")).to_be_focused()
    expect(page.locator("#foutmeldingen")).to_contain_text(_t("Schrijf op wat er is gebeurd."))
    axe_clean(page)

    _press(page, page.get_by_label(_t("Een klacht: ik ben ergens niet tevreden over")), "Space")
    _press(page, page.get_by_label(_t("Over welke vestiging en dienst gaat het?")), "ArrowDown")
    expect(page.get_by_label(_t("Over welke vestiging en dienst gaat het?"))).not_to_have_value("")
    _type(page, page.get_by_label(_t("Wat is er gebeurd?")), "Niemand wist waar mijn zoon was.")
    _press(page, page.get_by_text(_t("Om welke kinderen gaat het?")), "Enter")
    _type(page, page.get_by_label(_t("Voornaam kind %(n)s") % {"n": 1}), "Daan")
    page.keyboard.press("Tab")
    page.keyboard.type("Rupsen")
    _press(page, page.get_by_label(_t("Ik ben ouder of voogd")), "Space")
    _press(page, page.get_by_label(_t("Jonger dan 12")), "Space")
    _type(page, page.get_by_label(_t("Uw naam")), "Fleur de Vries")
    # The way of contact (per e-mail, preselected) comes first, then the one field it needs.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("fleur@example.nl")
    # No consent box: a privacy notice (LEGAL.md P1).
    expect(page.get_by_role("heading", name=_t("Uw privacy"))).to_be_visible()
    _press(page, page.get_by_role("button", name=_t("Controleer mijn bericht")), "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(_t("Controleer uw bericht"))
    axe_clean(page)
    _press(page, page.get_by_role("button", name=_t("Versturen")), "Enter")

    # Sending makes the acknowledgement letter (PDF) in the test's immediate task backend.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        _t("Dank u wel. Wij hebben uw bericht ontvangen."), timeout=20_000
    )
    feedback = Feedback.objects.get()
    assert feedback.parent_language == language
    assert feedback.children == [{"first_name": "Daan", "group": "Rupsen"}]
    expect(page.locator("#kenmerk")).to_have_text(feedback.reference)
    axe_clean(page)

    mail = next(m for m in smtp_server.wait_for(1) if m["To"] == "fleur@example.nl")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    page.goto(LINK.search(body).group(0))
    expect(page.get_by_role("heading", level=1)).to_contain_text(feedback.reference)
    axe_clean(page)

    _type(page, page.get_by_label(_t("Wat wilt u toevoegen?")), "Het gebeurde ook op dinsdag.")
    _press(page, page.get_by_role("button", name=_t("Toevoegen")), "Enter")
    expect(page.get_by_text(_t("Dank u wel. Uw aanvulling is toegevoegd."))).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Het gebeurde ook op dinsdag.")
    assert Event.objects.filter(feedback=feedback, kind=Event.Kind.PARENT_INFO).exists()
    axe_clean(page)


def test_resend_link_page_is_accessible(live_server, page, axe_clean, language):
    _t = translator(language)
    page.goto(f"{live_server.url}/status/link-opnieuw/")
    axe_clean(page)
    _press(page, page.get_by_role("button", name=_t("Stuur mij de link")), "Enter")
    expect(page.locator("#foutmeldingen")).to_be_focused()
    axe_clean(page)
    _type(page, page.get_by_label(_t("Uw kenmerk")), "2025-0001")
    page.keyboard.press("Tab")
    page.keyboard.type("iemand@example.nl")
    _press(page, page.get_by_role("button", name=_t("Stuur mij de link")), "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(_t("Kijk in uw e-mail"))
    axe_clean(page)


def test_regulation_page_is_accessible(live_server, page, axe_clean, language):
    _t = translator(language)
    Regulation.objects.create(
        version="2025", in_force_from=dt.date(2025, 1, 1), text="## Zo werkt het\n\nWij luisteren."
    )
    LocationFactory(  # the GGD inspection reports (R7), a long link included
        name="Kinderdagverblijf De Zonnebloem",
        ggd_report_url="https://www.voorbeeld.nl/kwaliteit/inspectierapporten/2026/"
        "kinderdagverblijf-de-zonnebloem-jaarlijks-onderzoek.pdf",
        ggd_report_published_on=dt.date(2026, 3, 2),
    )
    LocationFactory(name="Het Anker")
    page.goto(f"{live_server.url}/klachtenregeling/")
    expect(page.get_by_role("heading", level=1)).to_have_text(_t("Klachtenregeling"))
    expect(
        page.get_by_role(
            "link",
            name=_t("Inspectierapport %(name)s") % {"name": "Kinderdagverblijf De Zonnebloem"},
        )
    ).to_be_visible()
    axe_clean(page)
