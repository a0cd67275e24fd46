import os
import shutil
from pathlib import Path

import pytest

import klachtwijs
from klachtwijs.organisation.models import Role
from tests.factories import LocationFactory, UserFactory
from tests.helpers import login_staff

CHROMIUM = os.environ.get("KLACHTWIJS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 360


@pytest.fixture
def other_location():
    return LocationFactory()


@pytest.fixture
def officer_client(client, officer):
    return login_staff(client, officer)


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGEMENT, username="directie")


@pytest.fixture
def backoffice_browser(monkeypatch):
    """Chromium for one test. Not session-wide: a second live Playwright (the e2e suite's) in
    the same process would fail, so ours is closed before the next test starts."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM must still be allowed
    # (only during this test: the deploy check elsewhere refuses the variable).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(backoffice_browser, settings):
    """A fresh tab as wide as a small phone, with the project's site.css served."""
    # settings has no STATICFILES_DIRS for the shared static folder (not an app folder).
    project_static = Path(klachtwijs.__file__).parent / "static"
    if project_static not in [Path(p) for p in settings.STATICFILES_DIRS]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, project_static]
    context = backoffice_browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 800}, locale="nl-NL"
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def accessible():
    """`accessible(page)` fails on any WCAG 2.1 A/AA violation or sideways scrolling."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(tab) -> None:
        results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.violations_count == 0, f"{tab.url}\n{results.generate_report()}"
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{tab.url} scrolls sideways at {PHONE_WIDTH}px"

    return check
