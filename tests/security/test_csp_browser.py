"""In a real browser the Content Security Policy blocks no script of ours: the admin and the
API's Swagger UI still work under `script-src 'self'`."""

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.organisation.models import Role
from tests.e2e.conftest import WCAG_21_AA
from tests.factories import UserFactory

CHROMIUM = os.environ.get("KLACHTWIJS_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_browser(steps: Callable) -> list[str]:
    """Run `steps(page)` in a fresh Chromium and return the CSP errors it reported.

    The browser runs in its own thread: Playwright's sync API refuses to start where another
    Playwright (e.g. the e2e suite's session-wide one) already runs an event loop, and the
    test itself only talks to the live server over HTTP.
    """
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (make deps installs it)")

    def run() -> list[str]:
        from playwright.sync_api import sync_playwright

        errors: list[str] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                page = browser.new_page()
                page.set_default_timeout(20_000)
                page.on(
                    "console",
                    lambda m: errors.append(m.text) if "Content Security" in m.text else None,
                )
                steps(page)
            finally:
                browser.close()
        return errors

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result(timeout=120)


def _script_errors(errors: list[str]) -> list[str]:
    return [text for text in errors if "script" in text.lower()]


def test_the_admin_works_under_the_policy(live_server):
    user = UserFactory(username="beheer", role=Role.ADMINISTRATOR)
    TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)

    def steps(page) -> None:
        page.goto(f"{live_server.url}/admin/login/")  # the staff sign-in: password and code
        page.fill("#id_username", "beheer")
        page.fill("#id_password", "een-goed-wachtwoord")
        page.fill("#id_otp_token", f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/admin/organisation/location/add/")
        page.wait_for_selector("#id_name")
        # The admin's own scripts ran (jsi18n defines the `django` object).
        page.wait_for_function("typeof django !== 'undefined'")

    assert _script_errors(_in_browser(steps)) == []


def test_swagger_ui_renders_under_the_policy(live_server):
    """Also axe-clean where the every-page walk does not look (issue 18): with operations opened,
    one in "Try it out" and the Authorize dialog open (our page.css and labels.js)."""
    violations: list[str] = []

    def steps(page) -> None:
        from axe_playwright_python.sync_playwright import Axe

        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".swagger-ui .opblock")
        # A list with choice filters, and a create with a body and a header parameter.
        for operation in ("klantreacties_list", "klantreacties_create"):
            page.click(f"#operations-klantreacties-{operation} .opblock-summary-control")
        page.locator("#operations-klantreacties-klantreacties_create .try-out__btn").click()
        page.wait_for_selector("tr[data-param-name=status] select[aria-label]")
        page.locator(".btn.authorize").first.click()
        page.wait_for_selector(".swagger-ui .close-modal[aria-label]")
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
        for violation in Axe().run(page, options=options).response["violations"]:
            violations.extend(f"{violation['id']}: {n['target']}" for n in violation["nodes"])

    assert _script_errors(_in_browser(steps)) == []
    assert violations == []
