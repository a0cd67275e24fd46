"""The whole journey in headless Chromium: a parent's submission, registration, assignment, a
logged contact, the judgment with two measures, the letter arriving by mail at the parent,
closing, and the parent's rating (issue 4, Done when)."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from klachtwijs.feedback.models import Feedback, Status
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://\S+/status/\S+/")
PARENT = "fleur@example.nl"
# Generous: a loaded 2-core machine runs Chromium, the live server and WeasyPrint at once.
TIMEOUT = 30_000


def _staff_tab(browser, live_server, user):
    """A wide browser tab signed in as `user` (password and TOTP already passed)."""
    client = login_staff(Client(), user)
    name = django_settings.SESSION_COOKIE_NAME
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.set_default_timeout(TIMEOUT)
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    return context.new_page()


def _mail_to_parent(smtp_server, subject_part: str):
    for _ in range(150):
        for message in smtp_server.wait_for(1, timeout=0.2):
            if message["To"] == PARENT and subject_part in message["Subject"]:
                return message
    raise AssertionError(f"no mail '{subject_part}' to the parent")


def test_from_submission_to_rating(live_server, page, browser, smtp_server, settings):
    settings.SITE_URL = live_server.url
    page.set_default_timeout(TIMEOUT)
    location = LocationFactory(name="De Regenboog")
    manager = UserFactory(role=Role.HANDLER, locations=[location], first_name="Mira")
    location.manager = manager
    location.save(update_fields=["manager"])
    officer = UserFactory(role=Role.QUALITY_OFFICER)

    # The parent sends a complaint through the public form.
    page.goto(f"{live_server.url}/klantreactie/")
    page.get_by_label("Een klacht: ik ben ergens niet tevreden over").check()
    page.get_by_label("Over welke vestiging en dienst gaat het?").select_option(index=1)
    page.get_by_label("Wat is er gebeurd?").fill("Bij het ophalen wist niemand waar Daan was.")
    page.get_by_label("Uw naam").fill("Fleur de Vries")
    page.get_by_label("Uw e-mailadres").fill(PARENT)
    page.get_by_label("Ik ben ouder of voogd").check()
    page.get_by_label("Jonger dan 12").check()
    page.get_by_role("button", name="Controleer mijn bericht").click()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wij hebben uw bericht")
    feedback = Feedback.objects.get()
    dossier = f"{live_server.url}/staff/dossiers/{feedback.pk}/"

    # The quality officer registers and assigns: the location's manager is suggested.
    staff = _staff_tab(browser, live_server, officer)
    staff.goto(dossier)
    staff.get_by_role("link", name="Registreren").click()
    staff.get_by_label("Onderwerp").select_option(index=1)
    staff.get_by_role("button", name="Registreren").click()
    expect(staff.get_by_text("De klantreactie is geregistreerd.")).to_be_visible()
    staff.get_by_role("link", name="Behandelaar toewijzen").click()
    expect(staff.get_by_label("Behandelaar")).to_have_value(str(manager.pk))
    staff.get_by_role("button", name="Toewijzen").click()
    expect(staff.get_by_text("De behandelaar is toegewezen.")).to_be_visible()

    # The handler logs a contact and writes the judgment with two measures.
    handler = _staff_tab(browser, live_server, manager)
    handler.goto(dossier)
    # The judgment is the primary action now; the contact is one of the other actions.
    expect(handler.locator(".kw-next-step .utrecht-button-link--primary-action")).to_have_text(
        "Oordeel schrijven en versturen"
    )
    handler.get_by_text("Meer acties").click()
    handler.get_by_role("link", name="Contact vastleggen").click()
    handler.get_by_label("telefoon").check()
    handler.get_by_label("Wat is er besproken of onderzocht?").fill("Gebeld met de moeder.")
    handler.get_by_role("button", name="Opslaan").click()
    expect(handler.get_by_text("Het contact is vastgelegd.")).to_be_visible()
    handler.get_by_role("link", name="Oordeel schrijven en versturen").click()
    handler.get_by_label("deels gegrond").check()
    handler.get_by_label("Motivering").fill("De overdracht was niet goed geregeld.")
    dates = [timezone.localdate() + dt.timedelta(days=d) for d in (14, 40)]
    for i, (text, due) in enumerate(
        zip(["Vaste overdracht", "Lijst bij de deur"], dates, strict=True)
    ):
        handler.locator(f"#id_maatregel-{i}-description").fill(text)
        handler.locator(f"#id_maatregel-{i}-owner").select_option(str(manager.pk))
        handler.locator(f"#id_maatregel-{i}-due_date").fill(due.isoformat())
    handler.get_by_role("button", name="Vastleggen en brief versturen").click()
    expect(handler.get_by_text("Het oordeel is vastgelegd")).to_be_visible()
    expect(handler.locator(".timeline")).to_contain_text("oordeel")

    # The letter arrives by mail at the parent, as a PDF with both measures.
    mail = _mail_to_parent(smtp_server, "oordeel")
    pdfs = [
        part for part in mail.iter_attachments() if part.get_content_type() == "application/pdf"
    ]
    assert len(pdfs) == 1
    letter = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(pdfs[0].get_content())).pages
    )
    assert feedback.reference in letter
    assert "Vaste overdracht" in letter
    assert dates[1].strftime("%d-%m-%Y") in letter

    # The quality officer closes the dossier.
    staff.goto(dossier)
    staff.get_by_role("link", name="Afsluiten").click()
    staff.get_by_role("button", name="Afsluiten").click()
    expect(staff.get_by_text("Het dossier is afgesloten.")).to_be_visible()
    assert Feedback.objects.get(pk=feedback.pk).status == Status.CLOSED

    # The parent opens the link in the judgment mail and rates the handling.
    body = mail.get_body(preferencelist=("plain",)).get_content()
    page.goto(LINK.search(body).group(0))
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Wilt u iets toelichten?").fill("Fijn dat er nu afspraken zijn.")
    page.get_by_role("button", name="Verstuur").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(feedback.reference)
    rated = Feedback.objects.get(pk=feedback.pk)
    assert rated.satisfaction == 4
    assert rated.satisfaction_comment == "Fijn dat er nu afspraken zijn."
