"""Headless Chromium (Debian's, through Playwright's sync API), axe-core, and an SMTP server.

Browser tests are marked `browser`; they use pytest-django's `live_server`.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

import klachtwijs
from tests.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures

PROJECT_STATIC = Path(klachtwijs.__file__).parent / "static"

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be allowed.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


# Module scope, not session: only one Playwright instance may run in a process at a time, and
# other test folders start their own.
@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (make deps installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab as wide as a small phone."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800}, locale="nl-NL")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


# Issue 16: the parent's journeys run in Dutch and in Arabic (right to left).
JOURNEY_LANGUAGES = ["nl", "ar"]


@pytest.fixture(params=JOURNEY_LANGUAGES)
def language(request):
    """The language a parameterised parent test runs in (the browser asks for it)."""
    return request.param


def translator(language: str):
    """`_t("Dutch msgid")`: the text as the catalog gives it in `language`."""

    def translate(text: str) -> str:
        with translation.override(language):
            return translation.gettext(text)

    return translate


@pytest.fixture
def axe_clean():
    """`axe_clean(page)` fails the test on any WCAG 2.1 A/AA violation or sideways scroll."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(tab) -> None:
        results = axe.run(tab, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.violations_count == 0, f"{tab.url}\n{results.generate_report()}"
        overflow = tab.evaluate("document.documentElement.scrollWidth")
        assert overflow <= PHONE_WIDTH, f"{tab.url} scrolls sideways at {PHONE_WIDTH}px"

    return check


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The project's shared static folder (site.css) is not an app folder; serve it so axe
    # checks the pages as styled (see the note in the intake report: STATICFILES_DIRS).
    if PROJECT_STATIC not in [Path(p) for p in settings.STATICFILES_DIRS]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, PROJECT_STATIC]
    cache.clear()
    yield
    cache.clear()
