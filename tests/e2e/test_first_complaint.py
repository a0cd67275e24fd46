"""Issue 14, "Done when": from an empty database to the first complaint, in Chromium at phone
width. `klachtwijs setup --no-input`, the administrator signs in on the real sign-in page with
password and the code from the printed secret, completes the checklist (one GGD region, two
locations, their service, the regulation with the klantpanel's advice and published, a
handler invited over real SMTP who enrols from the QR code's secret and becomes the manager of
a location), and a parent's complaint on the public form reaches that handler's list. axe-core
checks every page on the way; the test prints how many pages and fields it took. README
"Start for your own organisation" describes the same steps."""

import html
import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from klachtwijs.feedback.models import Feedback, Regulation
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, User
from tests.accounts.enrol import code_for, secret_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TIMEOUT = 30_000
ENV = {
    "KLACHTWIJS_ORGANISATION_NAME": "Kinderopvang De Kikker",
    "DJANGO_SUPERUSER_USERNAME": "beheer",
    "DJANGO_SUPERUSER_EMAIL": "beheer@kikker.example",
    "DJANGO_SUPERUSER_PASSWORD": "een-lang-Wachtwoord-42",
}
HANDLER_PASSWORD = "Kwaliteit-Dagopvang-2026"
INVITATION = re.compile(r"https?://\S+/staff/account/uitnodiging/\S+/")


@dataclass
class Journey:
    """Counts what a person does: the pages loaded (each checked by axe) and the fields filled."""

    axe_clean: object
    pages: int = 0
    checked: int = 0
    fields: int = 0

    def watch(self, tab) -> None:
        tab.set_default_timeout(TIMEOUT)
        tab.on("framenavigated", lambda frame: self._navigated(tab, frame))

    def _navigated(self, tab, frame) -> None:
        if frame == tab.main_frame:
            self.pages += 1

    def arrive(self, tab) -> None:
        """After every click that loads a page: axe checks it."""
        tab.wait_for_load_state()
        self.axe_clean(tab)
        self.checked += 1

    def fill(self, locator, value: str) -> None:
        locator.fill(value)
        self.fields += 1

    def select(self, locator, **option) -> None:
        locator.select_option(**option)
        self.fields += 1

    def check(self, locator) -> None:
        locator.check()
        self.fields += 1


def _setup_command(monkeypatch) -> str:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    call_command("setup", "--no-input", stdout=out, stderr=io.StringIO())
    output = out.getvalue()
    return re.search(r"Geheime sleutel \(base32\): ([A-Z2-7 ]+)", output).group(1).replace(" ", "")


def _to_checklist(journey, tab) -> None:
    tab.get_by_role("link", name="Terug naar de inrichting").click()
    journey.arrive(tab)


def test_from_an_empty_database_to_the_first_complaint(
    live_server, page, browser, axe_clean, smtp_server, settings, monkeypatch, fresh_install
):
    settings.SITE_URL = live_server.url
    url = live_server.url
    journey = Journey(axe_clean)
    journey.watch(page)

    # 1. The command prints the administrator's authenticator secret.
    secret = _setup_command(monkeypatch)

    # 2. Sign in on the real sign-in page: password and the app's code.
    page.goto(f"{url}/staff/")
    journey.arrive(page)
    journey.fill(page.get_by_label("Gebruikersnaam"), ENV["DJANGO_SUPERUSER_USERNAME"])
    journey.fill(page.get_by_label("Wachtwoord"), ENV["DJANGO_SUPERUSER_PASSWORD"])
    journey.fill(page.get_by_label("Code uit uw authenticator-app"), code_for(secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Inrichting van Klachtwijs")).to_be_visible()
    journey.arrive(page)  # an administrator of an organisation not set up lands on the checklist

    # 3. The organisation: a telephone number for parents (the name came from the command).
    page.locator("#stap-organisation").get_by_role("link").click()
    journey.arrive(page)
    journey.fill(page.get_by_label("Telefoon"), "040 123 45 67")
    page.get_by_role("button", name="Opslaan").click()
    journey.arrive(page)  # back on the checklist

    # 4. One GGD region, picked from the list.
    page.locator("#stap-regions").get_by_role("link").click()
    journey.arrive(page)
    journey.select(page.get_by_label("GGD-regio"), label="GGD Brabant-Zuidoost")
    journey.fill(page.get_by_label("E-mailadres GGD"), "kinderopvang@ggdbzo.example")
    page.get_by_role("button", name="Regio toevoegen").click()
    journey.arrive(page)
    _to_checklist(journey, page)

    # 5. Two locations in that region.
    page.locator("#stap-locations").get_by_role("link").click()
    journey.arrive(page)
    for name in ("Morel", "Het Anker"):
        page.get_by_role("link", name="Vestiging toevoegen").click()
        journey.arrive(page)
        journey.fill(page.get_by_label("Naam", exact=True), name)
        journey.select(page.get_by_label("GGD-regio"), label="Brabant-Zuidoost")
        page.get_by_role("button", name="Opslaan").click()
        journey.arrive(page)
    _to_checklist(journey, page)

    # 6. Their service: Dagopvang (Wet kinderopvang) at both.
    page.locator("#stap-services").get_by_role("link").click()
    journey.arrive(page)
    journey.select(page.get_by_label("Dienst", exact=True), label="Dagopvang (Wet kinderopvang)")
    journey.check(page.get_by_label("Morel"))
    journey.check(page.get_by_label("Het Anker"))
    page.get_by_role("button", name="Dienst toevoegen").click()
    journey.arrive(page)
    _to_checklist(journey, page)

    # 7. The regulation from the default text, the klantpanel's advice, published.
    page.locator("#stap-regulation").get_by_role("link").click()
    journey.arrive(page)
    page.get_by_role("link", name="Klachtenregeling maken").click()
    journey.arrive(page)
    page.get_by_role("button", name="Opslaan").click()
    journey.arrive(page)
    journey.select(page.get_by_label("Advies of instemming", exact=True), value="advice")
    journey.select(page.get_by_label("Gegeven door"), value="klantpanel")
    journey.fill(page.get_by_label("Datum", exact=True), "2026-11-20")
    journey.fill(page.get_by_label("Advies of toelichting"), "Positief advies.")
    page.get_by_role("button", name="Toevoegen").click()
    journey.arrive(page)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".messages")).to_contain_text("is gepubliceerd")
    journey.arrive(page)
    page.get_by_role("link", name="Terug naar de klachtenregeling").click()
    journey.arrive(page)
    _to_checklist(journey, page)
    expect(page.get_by_text("staat open")).to_be_visible()  # every required step is done

    # 8. A handler for both locations, invited on the staff page; the mail comes over SMTP.
    page.locator("#stap-staff").get_by_role("link").click()
    journey.arrive(page)
    page.get_by_role("link", name="Medewerker uitnodigen").click()
    journey.arrive(page)
    journey.fill(page.get_by_label("Voornaam"), "Sanne")
    journey.fill(page.get_by_label("Achternaam"), "Bakker")
    journey.fill(page.get_by_label("E-mailadres"), "sanne@kikker.example")
    journey.check(page.get_by_label("behandelaar"))
    journey.check(page.get_by_label("Morel"))
    journey.check(page.get_by_label("Het Anker"))
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("De uitnodiging is verstuurd").wait_for()
    journey.arrive(page)

    [mail] = smtp_server.wait_for(1, timeout=20)
    assert mail["To"] == "sanne@kikker.example"
    link = INVITATION.search(mail.get_body(preferencelist=("plain",)).get_content()).group(0)
    handler_context = browser.new_context(viewport={"width": 360, "height": 800}, locale="nl-NL")
    handler_tab = handler_context.new_page()
    journey.watch(handler_tab)
    handler_tab.goto(link)
    journey.arrive(handler_tab)
    uri = html.unescape(handler_tab.locator("figure[data-otpauth]").get_attribute("data-otpauth"))
    handler_secret = secret_of(uri)
    journey.fill(handler_tab.get_by_label("Nieuw wachtwoord", exact=True), HANDLER_PASSWORD)
    journey.fill(handler_tab.get_by_label("Nieuw wachtwoord nog een keer"), HANDLER_PASSWORD)
    journey.fill(handler_tab.get_by_label("Code uit de app"), code_for(handler_secret))
    handler_tab.get_by_role("button", name="Account instellen en inloggen").click()
    handler_tab.get_by_text("Welkom! Uw account is klaar.").wait_for()
    journey.arrive(handler_tab)
    sanne = User.objects.get(email="sanne@kikker.example")

    # 9. Sanne manages Morel: first in the list when a handler is chosen.
    page.goto(f"{url}/staff/inrichting/")
    journey.arrive(page)
    page.locator("#stap-locations").get_by_role("link").click()
    journey.arrive(page)
    page.get_by_role("link", name="Morel").click()
    journey.arrive(page)
    journey.select(page.get_by_label("Leidinggevende"), label=str(sanne))
    page.get_by_role("button", name="Opslaan").click()
    journey.arrive(page)
    morel = Location.objects.get(name="Morel")
    assert morel.manager == sanne
    assert Regulation.objects.get().published_at is not None

    # 10. A parent sends a complaint about Morel on the public form.
    parent_context = browser.new_context(viewport={"width": 360, "height": 800}, locale="nl-NL")
    parent = parent_context.new_page()
    journey.watch(parent)
    parent.goto(f"{url}/klantreactie/")
    expect(parent.get_by_role("heading", level=1)).to_have_text("Vertel ons wat er is gebeurd")
    journey.arrive(parent)
    journey.check(parent.get_by_label("Een klacht: ik ben ergens niet tevreden over"))
    journey.select(
        parent.get_by_label("Over welke vestiging en dienst gaat het?"),
        value=f"{morel.pk}:{morel.services.get().pk}",
    )
    journey.fill(parent.get_by_label("Wat is er gebeurd?"), "Niemand wist waar mijn zoon was.")
    parent.get_by_text("Om welke kinderen gaat het?").click()
    journey.fill(parent.get_by_label("Voornaam kind 1"), "Daan")
    journey.check(parent.get_by_label("Ik ben ouder of voogd"))
    journey.check(parent.get_by_label("Jonger dan 12"))
    journey.fill(parent.get_by_label("Uw naam"), "Fleur de Vries")
    journey.fill(parent.get_by_label("E-mailadres", exact=False).first, "fleur@example.nl")
    parent.get_by_role("button", name="Controleer mijn bericht").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Controleer uw bericht")
    journey.arrive(parent)
    parent.get_by_role("button", name="Versturen").click()
    expect(parent.get_by_role("heading", level=1)).to_contain_text("Wij hebben uw bericht")
    journey.arrive(parent)
    feedback = Feedback.objects.get()
    assert feedback.location == morel
    ack = next(m for m in smtp_server.wait_for(2, timeout=20) if m["To"] == "fleur@example.nl")
    assert feedback.reference in ack.get_body(preferencelist=("plain",)).get_content()

    # 11. It reaches Sanne: in her list, and she is first to be chosen as its handler.
    handler_tab.goto(f"{url}/staff/")
    journey.arrive(handler_tab)
    expect(handler_tab.get_by_text(feedback.reference).first).to_be_visible()
    assert access.feedback_visible(sanne).filter(pk=feedback.pk).exists()
    assert access.handler_candidates(feedback).first() == sanne

    parent_context.close()
    handler_context.close()
    assert journey.checked >= journey.pages, "a page was not checked by axe"
    print(
        f"\nFrom an empty database to the first complaint: {journey.pages} pages, "
        f"{journey.fields} fields (setup command: 4 environment variables)."
    )
