"""The worklist in the browser: htmx updates the list in place at 1366 px, j/k move through the
list and through its dossiers (never while typing), and the overview and the dossier page are
axe-clean at 1366 px and at 360 px without sideways scrolling."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.models import Role
from tests.backoffice.conftest import PHONE_WIDTH, WCAG_21_AA
from tests.backoffice.test_login import PASSWORD, code
from tests.factories import FeedbackFactory, LocationFactory, UserFactory


def axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.mark.browser
def test_worklist_keyboard_htmx_and_small_screens(
    live_server, transactional_db, phone_page, accessible
):
    user = UserFactory(role=Role.QUALITY_OFFICER, username="kwaliteit")
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    location = LocationFactory(name="Vestiging met een heel lange naam aan de Lindelaan")
    now = timezone.now()
    oldest, middle, newest = (
        FeedbackFactory(location=location, received_at=now - dt.timedelta(hours=h))
        for h in (3, 2, 1)
    )
    FeedbackFactory(location=location, kind=Kind.SUGGESTION, received_at=now)
    page = phone_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/staff/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("kwaliteit")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(code())
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/staff/?sorteer=ontvangen")
    rows = page.locator("[data-kw-rows] tbody tr")
    assert rows.count() == 4
    # One line per dossier, even with a long location name.
    heights = rows.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().height)")
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    assert max(heights) < 2 * line + 12
    axe_clean(page)

    # htmx: a filter change replaces the list in place and the URL follows.
    page.evaluate("window.kwMarker = 1")
    page.locator("#filters select[name=kind]").select_option("complaint")
    page.wait_for_url("**kind=complaint**")
    page.wait_for_function("document.querySelectorAll('[data-kw-rows] tbody tr').length === 3")
    assert page.evaluate("window.kwMarker") == 1  # not reloaded
    assert "3 klantreacties" in page.locator("#lijst-kop").inner_text()

    # Typing a "j" in the search box is text, not a shortcut.
    search = page.get_by_role("textbox", name="Zoeken")
    search.focus()
    page.keyboard.press("j")
    assert search.input_value() == "j"
    search.fill("")

    # j/k move through the rows; Enter opens the dossier with its list.
    page.locator("#lijst-kop").focus()
    page.keyboard.press("j")
    page.keyboard.press("j")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == middle.reference
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.textContent") == oldest.reference
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/dossiers/{middle.pk}/**")
    assert page.get_by_role("link", name="Volgende dossier").count() == 1
    axe_clean(page)
    page.keyboard.press("j")
    page.wait_for_url(f"**/staff/dossiers/{newest.pk}/**")
    page.keyboard.press("k")
    page.wait_for_url(f"**/staff/dossiers/{middle.pk}/**")
    page.get_by_role("link", name="← Overzicht").click()
    page.wait_for_url("**/staff/?*kind=complaint*")

    # 360 px: the overview and the dossier page, axe-clean and without sideways scrolling.
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto(f"{live_server.url}/staff/?sorteer=ontvangen")
    accessible(page)
    page.goto(f"{live_server.url}/staff/dossiers/{middle.pk}/?sorteer=ontvangen&nr=1")
    accessible(page)

    # An action opens in place: its form in the action panel, the focus on its heading; an
    # empty note keeps the panel with its errors; a note saved loads the dossier page again,
    # with the message and the note, without reloading the page.
    page.evaluate("window.kwMarker = 2")
    page.get_by_text("Meer acties").click()
    page.get_by_role("link", name="Interne notitie").click()
    heading = page.locator("#actie-paneel #actie-kop")
    heading.wait_for()
    assert page.evaluate("document.activeElement.id") == "actie-kop"
    assert f"/staff/dossiers/{middle.pk}/?" in page.url
    accessible(page)
    page.locator("#actie-paneel").get_by_role("button", name="Opslaan").click()
    page.locator("#actie-paneel #foutmeldingen").wait_for()
    assert page.evaluate("document.activeElement.id") == "foutmeldingen"
    page.get_by_label("Notitie").fill("Gebeld met de locatiemanager.")
    page.locator("#actie-paneel").get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/staff/dossiers/{middle.pk}/")
    page.locator("main .messages").wait_for()
    assert "Gebeld met de locatiemanager." in page.locator(".kw-dossier-timeline").inner_text()
    assert page.evaluate("window.kwMarker") == 2  # not reloaded
    assert page.evaluate("document.activeElement.className") == "messages"
    accessible(page)
