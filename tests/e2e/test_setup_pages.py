"""The set-up path in headless Chromium at phone width: from an empty install (after
`klachtwijs setup`) through the checklist to an open public form, axe-clean on every page and
every error state (issue 14)."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from klachtwijs.feedback.models import Regulation
from klachtwijs.organisation.models import Location, Role
from tests.factories import MailTemplateFactory, UserFactory
from tests.helpers import login_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    client = login_staff(Client(), user)
    name = django_settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def test_the_checklist_path_in_the_browser(live_server, page, axe_clean, fresh_install):
    url = live_server.url
    page.goto(f"{url}/klantreactie/")
    expect(page.get_by_role("heading", name="Het formulier wordt voorbereid")).to_be_visible()
    axe_clean(page)

    _sign_in(page, live_server, UserFactory(role=Role.ADMINISTRATOR))
    page.goto(f"{url}/staff/")
    expect(page.get_by_role("heading", name="Inrichting van Klachtwijs")).to_be_visible()
    axe_clean(page)

    # Organisation: first a mistake (no way to reach it), then right.
    page.locator("#stap-organisation").get_by_role("link").click()
    page.get_by_label("Naam", exact=True).fill("Kinderopvang De Kikker")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    axe_clean(page)
    page.get_by_label("Telefoon").fill("040 123 45 67")
    page.get_by_role("button", name="Opslaan").click()

    # A GGD region, picked.
    page.goto(f"{url}/staff/inrichting/ggd-regios/")
    page.get_by_label("GGD-regio").select_option(label="GGD Brabant-Zuidoost")
    page.get_by_label("E-mailadres GGD").fill("kinderopvang@ggdbzo.example")
    page.get_by_role("button", name="Regio toevoegen").click()
    expect(page.locator(".messages")).to_contain_text("Brabant-Zuidoost")
    axe_clean(page)

    # Services: a preset.
    page.goto(f"{url}/staff/inrichting/diensten/")
    page.get_by_label("Dienst", exact=True).select_option(label="Dagopvang (Wet kinderopvang)")
    page.get_by_role("button", name="Dienst toevoegen").click()
    axe_clean(page)

    # A location, with a wrong LRK number first.
    page.goto(f"{url}/staff/inrichting/vestigingen/nieuw/")
    page.get_by_label("Naam", exact=True).fill("Morel")
    page.get_by_label("LRK-nummer").fill("123")
    page.get_by_label("GGD-regio").select_option(label="Brabant-Zuidoost")
    page.get_by_label("Dagopvang").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_lrk_number_error")).to_be_visible()
    axe_clean(page)
    page.get_by_label("LRK-nummer").fill("123456789")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="123456789")).to_be_visible()
    axe_clean(page)
    page.goto(f"{url}/staff/inrichting/vestigingen/importeren/")
    axe_clean(page)

    # The regulation from the default text.
    page.goto(f"{url}/staff/inrichting/klachtenregeling/")
    axe_clean(page)
    page.get_by_role("link", name="Klachtenregeling maken").click()
    axe_clean(page)
    page.get_by_role("button", name="Opslaan").click()
    # The version page: the advice of the klantpanel, a mistake first, then published.
    expect(page.get_by_text("ontbreekt het advies van de oudercommissie")).to_be_visible()
    axe_clean(page)
    page.get_by_label("Advies of toelichting").fill("Positief.")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#id_advies-kind_error")).to_be_visible()
    expect(page.get_by_label("Advies of toelichting")).to_have_value("Positief.")
    axe_clean(page)
    page.get_by_label("Advies of instemming", exact=True).select_option("advice")
    page.get_by_label("Gegeven door").select_option("klantpanel")
    page.get_by_label("Datum", exact=True).fill("2026-01-15")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator(".advice-list")).to_contain_text("klantpanel (centrale oudercommissie)")
    axe_clean(page)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".messages")).to_contain_text("is gepubliceerd")
    axe_clean(page)

    assert Location.objects.get().lrk_number == "123456789"
    assert Regulation.objects.get().published_at is not None
    page.goto(f"{url}/staff/inrichting/")
    expect(page.get_by_text("staat open")).to_be_visible()
    for path in ("inrichting/teksten/", "inrichting/e-mailteksten/", "organisatie/medewerkers/",
                 "inrichting/organisatie/"):  # fmt: skip
        page.goto(f"{url}/staff/{path}")
        axe_clean(page)
    # `migrate` seeds the mail texts (notifications/0003); a transactional test that ran
    # before this one may have flushed them, so make sure one is there to open.
    MailTemplateFactory()
    page.goto(f"{url}/staff/inrichting/e-mailteksten/")
    page.get_by_role("table").get_by_role("link").first.click()
    axe_clean(page)

    page.context.clear_cookies()
    page.goto(f"{url}/klantreactie/")
    expect(page.get_by_label("Morel – Dagopvang", exact=False)).to_have_count(0)  # a select
    expect(page.locator("optgroup[label=Morel]")).to_have_count(1)
