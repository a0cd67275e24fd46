"""Every page axe-clean (issue 18 item 4): every GET route of the URL configuration, generated
like the confidentiality crawl (tests/security/confidentiality.py: `all_routes`, `route_urls`,
`build_world`), each filled with real argument values.

Walked twice in one browser context: anonymously (the parent's and public pages; the status
page through a real private link) and signed in with password and 2FA as a quality officer
(the role that sees the most). A URL is a page when the response says so: 200, text/html and a
whole document (downloads, redirects, refusals and htmx fragments are not pages). Every page is
checked by axe (WCAG 2.1 A/AA) at 1366 px; the pages a parent sees and the back office's main
pages (overview, dossier, dashboard) also at 360 px, without sideways scrolling. All violations
are collected, so one run shows everything.
"""

import dataclasses
import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.organisation.models import Role
from tests.backoffice.test_login import PASSWORD, code
from tests.e2e.conftest import PHONE_WIDTH, WCAG_21_AA
from tests.factories import FeedbackFactory, UserFactory
from tests.security import confidentiality as conf

pytestmark = pytest.mark.browser

WIDE = 1366
# The back office's main pages, also checked at phone width (issue 18).
MAIN_STAFF_PAGES = {"staff:home", "staff:dossier", "staff:dashboard"}
# The `axe_clean` fixture's rules (tests/e2e/conftest.py); only violations are reported back.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}


def page_urls(world, new_dossier) -> list[tuple[str, str]]:
    """(route name, URL) of every GET route. A dossier argument names the answered control
    dossier, and a just received one too (its forms: register, assign, judge...)."""
    urls = []
    for route in conf.all_routes():
        if route.name.startswith("api:"):
            continue  # JSON, not pages (the schema's HTML viewer is walked: api:docs etc.)
        for url, _addresses in conf.route_urls(route, world):
            urls.append((route.name, url))
        if "feedback_id" in route.kwargs:
            fresh = dataclasses.replace(world, dossier=new_dossier)
            urls += [(route.name, url) for url, _ in conf.route_urls(route, fresh)]
    return urls


def is_page(response) -> bool:
    if response.status != 200:
        return False
    if not response.headers.get("content-type", "").startswith("text/html"):
        return False
    head = response.text()[:500].lower()
    return "<!doctype html" in head or "<html" in head


def test_every_page_is_axe_clean(live_server, transactional_db, browser):
    from axe_playwright_python.sync_playwright import Axe

    started = time.monotonic()
    world = conf.build_world("quality_officer")
    officer = world.officer
    officer.set_password(PASSWORD)
    officer.save()
    TOTPDevice.objects.create(user=officer, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    world = dataclasses.replace(world, dossier=world.control, employee=officer)
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    TOTPDevice.objects.create(user=administrator, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    urls = page_urls(world, FeedbackFactory(location=world.location))

    axe = Axe()
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    problems: list[str] = []
    checked: dict[str, list[str]] = {"anonymous": [], "quality officer": [], "administrator": []}

    def check(name: str, url: str, who: str, *, phone: bool) -> None:
        tab.set_viewport_size({"width": WIDE, "height": 900})
        tab.goto(live_server.url + url)
        widths = [WIDE, PHONE_WIDTH] if phone else [WIDE]
        for width in widths:
            if width != WIDE:
                tab.set_viewport_size({"width": width, "height": 800})
            results = axe.run(tab, options=AXE_OPTIONS)
            for violation in results.response["violations"]:
                for node in violation["nodes"]:
                    problems.append(
                        f"{url} [{name}, {who}, {width}px] {violation['id']}: {node['target']}"
                    )
            if width == PHONE_WIDTH:
                scroll = tab.evaluate("document.documentElement.scrollWidth")
                if scroll > PHONE_WIDTH:
                    problems.append(f"{url} [{name}, {who}] scrolls sideways at 360px: {scroll}")

    def walk(who: str, seen: set[str], *, phone_all: bool) -> None:
        for name, url in urls:
            if url in seen:
                continue
            response = context.request.get(live_server.url + url, max_redirects=0)
            if not is_page(response):
                continue
            seen.add(url)
            checked[who].append(url)
            check(name, url, who, phone=phone_all or name in MAIN_STAFF_PAGES)

    seen: set[str] = set()
    walk("anonymous", seen, phone_all=True)

    def sign_in(user) -> None:
        context.clear_cookies()
        tab.goto(live_server.url + "/staff/account/inloggen/")
        tab.get_by_label("Gebruikersnaam").fill(user.username)
        tab.get_by_label("Wachtwoord").fill(PASSWORD)
        tab.get_by_label("Code uit uw authenticator-app").fill(code())
        tab.get_by_role("button", name="Inloggen").click()
        tab.wait_for_url(lambda u: "inloggen" not in u)

    sign_in(officer)
    walk("quality officer", seen, phone_all=False)
    # Still signed in at the end: no GET along the way signed the officer out.
    assert context.request.get(live_server.url + "/staff/", max_redirects=0).status == 200
    # The setup and settings pages are the administrator's: the rest of the pages, as them.
    sign_in(administrator)
    walk("administrator", seen, phone_all=False)
    context.close()

    elapsed = time.monotonic() - started
    counts = ", ".join(f"{len(pages)} as {who}" for who, pages in checked.items())
    print(f"\naxe walked {counts} ({len(urls)} URLs) in {elapsed:.0f}s")
    # The walk reaches the pages that matter (so a broken generator cannot pass empty).
    assert any("/status/" in u for u in checked["anonymous"])
    assert any("/staff/dossiers/" in u for u in checked["quality officer"])
    assert any("/staff/inrichting/" in u for u in checked["administrator"])
    assert not problems, f"{len(problems)} axe problems:\n" + "\n".join(problems)
