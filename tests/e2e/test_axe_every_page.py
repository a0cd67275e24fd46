"""Every page axe-clean (issue 18 item 4): every GET route of the URL configuration, generated
like the confidentiality crawl (tests/security/confidentiality.py: `all_routes`, `route_urls`,
`build_world`), each filled with real argument values.

Walked in one browser context: anonymously (the parent's and public pages; the status page
through a real private link, a measure's follow-up question through its signed link, a valid
invitation; single sign-on through a real OpenID Connect provider up to its refusal and its
code step), then signed in as a quality officer (the role that sees the most), as an
administrator (setup, settings, the admin), as the quality lead (the access log, the inbox,
their admin sections) and as a meldcode officer (the meldcode dossier's pages). A route not
rendered yet is also tried with dossiers in the states its form needs (registered, in progress,
judged by the Jeugdwet committee, closed).

A URL is a page when the response says so: 200, text/html and a whole document. Every page is
checked by axe (WCAG 2.1 A/AA) at 1366 px; the pages a parent sees and the back office's main
pages (overview, dossier, dashboard) also at 360 px, without sideways scrolling. The Dutch error
and refusal pages (a whole document with a 4xx status, one template per status) are checked
once per status in public and once in the back office; the admin's history and delete pages
once each (`ADMIN_ONCE`). All violations are collected, so one run shows everything.

The walk fails when a GET route rendered as a page for nobody, unless it answers every GET
with something that is not a page (a download, JSON, 405 for a POST-only route), the admin
refuses it to every role that may enter the admin, or `NOT_PAGES` says why: a new page cannot
silently skip axe.
"""

import dataclasses
import re
import subprocess
import sys
import time
from collections import defaultdict

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.accounts import services as accounts_services
from klachtwijs.accounts.models import OidcGroupMapping
from klachtwijs.api.services import api_token_create
from klachtwijs.demo.data import DEMO_TOTP_KEY
from klachtwijs.feedback import services
from klachtwijs.feedback.models import Kind
from klachtwijs.feedback.tokens import measure_followup_url
from klachtwijs.notifications.models import OutboxMessage
from klachtwijs.organisation.models import Role
from tests.accounts.enrol import link_path
from tests.backoffice.test_login import PASSWORD, code
from tests.e2e.conftest import PHONE_WIDTH, WCAG_21_AA
from tests.factories import FeedbackFactory, LocationFactory, ServiceFactory, UserFactory
from tests.helpers import committee_address_set, login_staff
from tests.oidc_provider.serve import PASSWORD as PROVIDER_PASSWORD
from tests.security import confidentiality as conf
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, ROOT, Provider

pytestmark = pytest.mark.browser

WIDE = 1366
# The back office's main pages, also checked at phone width (issue 18).
MAIN_STAFF_PAGES = {"staff:home", "staff:dossier", "staff:dashboard"}
# The `axe_clean` fixture's rules (tests/e2e/conftest.py); only violations are reported back.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
CALLBACK = "/staff/account/oidc/terug/"
# The Django admin's history and delete-confirmation pages: one template each, the same for every
# model but for an object's name; axe checks each once (they still must render for everyone).
ADMIN_ONCE = ("_history", "_delete")

# Pages that render but that axe does not check, and why (none: every page is checked).
NOT_CHECKED: dict[str, str] = {}
# Pages that render in the browser after loading: axe waits for this element first. The API
# documentation: Swagger UI fetches the schema and then draws the operations.
READY = {"api:docs": ".swagger-ui .opblock"}

# GET routes that are a page for nobody, and why. Not listed because the walk sees it: routes
# that answer only 405 (POST only), a download or JSON (200, not HTML), and admin views the
# admin refuses (403) to every role that may enter it.
NOT_PAGES = {
    "admin:": "the admin's catch-all: a redirect or 404",
    "admin:login": "redirects to the staff sign-in page (password and TOTP)",
    "admin:autocomplete": "JSON for the admin's autocomplete widgets",
    "admin:view_on_site": "a redirect to the object's own page",
    "admin:organisation_user_add": "redirects to the staff page's invitation form",
    # Third-party admins shown to nobody (admin_site.register): 403, but their history pages
    # first look the row up, and without one redirect (there are no such rows in the walk).
    "admin:axes_accessfailurelog_history": "shown to nobody; no row: a redirect",
    "admin:django_tasks_database_dbtaskresult_history": "shown to nobody; no row: a redirect",
    "admin:axes_accessattempt_add": "lock-outs come from failed sign-ins, never from a form",
    "branding:logo": "the organisation's logo (an image; 404 without one)",
    "oidc:start": "a redirect to the identity provider",
    "intake:home": "a redirect to the form",
    "staff:measure_done": "a POST action; GET leads back to the dossier",
    "reports:version_download": "a download of a final annual report version",
    "reports:panel_download": "the client panel's download of the annual report",
    "import:mapping": "the import's steps after an upload: without one, back to the upload",
    "import:preview": "the import's steps after an upload: without one, back to the upload",
    "webhooks:secret": "shows a new secret once, after a POST; GET leads back",
}


def page_urls(world, dossiers=()) -> list[tuple[str, str]]:
    """(route name, URL) of every GET route; with `dossiers`, only the routes of a dossier,
    each with every one of them (its forms: register, assign, judge...)."""
    urls = []
    for route in conf.all_routes():
        if not dossiers:
            urls += [(route.name, url) for url, _ in conf.route_urls(route, world)]
        elif "feedback_id" in route.kwargs:
            for dossier in dossiers:
                other = dataclasses.replace(world, dossier=dossier)
                urls += [(route.name, url) for url, _ in conf.route_urls(route, other)]
    return urls


def is_document(response) -> bool:
    if not response.headers.get("content-type", "").startswith("text/html"):
        return False
    head = response.text()[:500].lower()
    return "<!doctype html" in head or "<html" in head


def state_dossiers(world) -> list:
    """Dossiers in the states the action forms need, walked with the real services: a just
    received one, a registered compliment (pass to the team), a closed one (reopen), and at a
    Jeugdwet service one in progress (extend, the committee's judgment) and one the committee
    judged (its measures letter)."""
    committee_address_set()
    jeugdwet = LocationFactory(services=[ServiceFactory(jeugdwet=True)])
    judged = FeedbackFactory(location=jeugdwet, contacted=True)
    services.feedback_judge(
        feedback_id=judged.pk,
        by=judged.handler,
        outcome="well_founded",
        reasoning="De commissie vindt de klacht gegrond.",
        by_committee=True,
    )
    return [
        FeedbackFactory(location=world.location),
        FeedbackFactory(location=world.location, kind=Kind.COMPLIMENT, registered=True),
        FeedbackFactory(location=world.location, closed=True),
        FeedbackFactory(location=jeugdwet, in_progress=True),
        judged,
    ]


def real_links(world, administrator) -> list[tuple[str, str]]:
    """The pages whose argument is a secret the generator cannot guess: a valid invitation
    (as mailed), the parent's follow-up question about the control's measure, and a document
    through the parent's private link (the generator names the meldcode dossier's)."""
    person = accounts_services.staff_invite(
        first_name="Noor",
        last_name="Nieuw",
        email="noor.nieuw@example.nl",
        role=Role.HANDLER,
        by=administrator,
    )
    mail = OutboxMessage.objects.filter(to=person.user.email).latest("pk")
    followup = measure_followup_url(world.objects["measure"].pk)
    letter = world.control.documents.first()  # the judgment letter, the parent's to read
    token = world.objects["status_token"]
    return [
        ("invitation:accept", link_path(mail.body_text)),
        ("intake:measure_followup", followup.removeprefix(django_settings.SITE_URL)),
        ("intake:status_document", f"/status/{token}/documenten/{letter.pk}/"),
    ]


def start_provider(live_server_url: str) -> subprocess.Popen:
    """The test OpenID Connect provider (tests/oidc_provider) that sends people back to this
    live server; it starts while the world is built."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.oidc_provider.serve",
            CLIENT_ID,
            CLIENT_SECRET,
            live_server_url + CALLBACK,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_every_page_is_axe_clean(live_server, transactional_db, browser, settings):
    from axe_playwright_python.sync_playwright import Axe

    started = time.monotonic()
    provider = start_provider(live_server.url)
    try:
        _walk_everything(live_server, browser, settings, provider, Axe(), started)
    finally:
        provider.terminate()
        provider.wait(timeout=10)


def _walk_everything(live_server, browser, settings, provider, axe, started) -> None:
    world = conf.build_world("quality_officer")
    meldcode_dossier = world.dossier
    officer = world.officer
    officer.set_password(PASSWORD)
    officer.save()
    TOTPDevice.objects.create(user=officer, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    world = dataclasses.replace(world, dossier=world.control, employee=officer)
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    TOTPDevice.objects.create(user=administrator, name="app", key=DEMO_TOTP_KEY, confirmed=True)
    # Rows for the admin's change and history pages: failed sign-ins (the administrator's),
    # an improvement and an API token (the quality lead's).
    AccessAttempt.objects.create(
        username="onbekend@example.nl",
        ip_address="192.0.2.1",
        user_agent="Firefox",
        http_accept="text/html",
        path_info="/staff/account/inloggen/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    services.improvement_record(
        title="Vaste brengmomenten", description="", decided_on=timezone.localdate()
    )
    api_token_create(name="Zaaksysteem", role=Role.QUALITY_OFFICER)
    dossiers = state_dossiers(world)
    urls = page_urls(world) + page_urls(world, dossiers[:1]) + real_links(world, administrator)
    # The other states only for the routes no earlier walk rendered (see `fill`).
    state_urls = page_urls(world, dossiers[1:])

    line = provider.stdout.readline()
    match = re.match(r"PORT (\d+)", line)
    assert match, f"the OpenID Connect provider did not start: {line!r}"
    settings.KLACHTWIJS_OIDC = Provider(issuer=f"http://127.0.0.1:{match.group(1)}/o").settings()
    OidcGroupMapping.objects.create(group="kwaliteit", role=Role.QUALITY_OFFICER)

    context = browser.new_context(viewport={"width": WIDE, "height": 900}, locale="nl-NL")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    problems: list[str] = []
    checked: dict[str, list[str]] = defaultdict(list)
    rendered: set[str] = set()  # route names checked as a page
    answers: dict[str, set[str]] = defaultdict(set)  # route name -> "who: status type"
    error_pages: set[object] = set()  # (status, public) of error pages; ADMIN_ONCE kinds

    def check(name: str, url: str, who: str, *, phone: bool, visit: bool = True) -> None:
        tab.set_viewport_size({"width": WIDE, "height": 900})
        if visit:
            tab.goto(live_server.url + url)
            if name in READY:
                tab.wait_for_selector(READY[name])
        checked[who].append(url)
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

    seen: set[str] = set()
    no_page: set[str] = set()
    phases: list[str] = []
    clock = [started]

    def phase(label: str) -> None:
        now = time.monotonic()
        phases.append(f"{label} {now - clock[0]:.0f}s")
        clock[0] = now

    phase("setup")

    def walk(who: str, pairs, *, phone_all: bool = False, fill: bool = False) -> None:
        """GET each URL not yet checked; check it when it is a page. `fill`: only routes not
        rendered yet, and each only until it renders once."""
        for name, url in pairs:
            if url in seen or (fill and name in rendered):
                continue
            if name in no_page or name in NOT_PAGES:
                continue
            response = context.request.get(live_server.url + url, max_redirects=0)
            document = is_document(response)
            kind = response.headers.get("content-type", "").split(";")[0]
            answers[name].add(f"{who}: {response.status} {'page' if document else kind}")
            if response.status == 405 or (response.status == 200 and not document):
                no_page.add(name)  # POST only, or a download: for nobody a page
            if document and response.status != 200:
                # An error or refusal page (one template per status): once for the public,
                # once in the back office.
                key = (response.status, who == "anonymous")
                if key not in error_pages:
                    error_pages.add(key)
                    check(name, url, who, phone=False)
                continue
            if not document:
                continue
            seen.add(url)
            rendered.add(name)
            if name in NOT_CHECKED:
                continue
            if name.startswith("admin:") and name.endswith(ADMIN_ONCE):
                once = name.rsplit("_", 1)[1]
                if once in error_pages:
                    continue
                error_pages.add(once)
            check(name, url, who, phone=phone_all or name in MAIN_STAFF_PAGES)

    walk("anonymous", urls, phone_all=True)
    phase("anonymous")
    sso_pages(tab, live_server, check, rendered)
    phase("single sign-on")

    def sign_in(user) -> None:
        context.clear_cookies()
        tab.goto(live_server.url + "/staff/account/inloggen/")
        tab.get_by_label("Gebruikersnaam").fill(user.username)
        tab.get_by_label("Wachtwoord").fill(PASSWORD)
        tab.get_by_label("Code uit uw authenticator-app").fill(code())
        tab.get_by_role("button", name="Inloggen").click()
        tab.wait_for_url(lambda u: "inloggen" not in u)

    def session_of(user) -> None:
        """Signed in as with password and TOTP (tests/helpers.py `login_staff`)."""
        context.clear_cookies()
        name = django_settings.SESSION_COOKIE_NAME
        value = login_staff(Client(), user).cookies[name].value
        context.add_cookies([{"name": name, "value": value, "url": live_server.url}])

    sign_in(officer)
    walk("quality officer", urls)
    phase("quality officer")
    walk("quality officer", state_urls, fill=True)
    phase("other states")
    # Still signed in at the end: no GET along the way signed the officer out.
    assert context.request.get(live_server.url + "/staff/", max_redirects=0).status == 200
    # The setup and settings pages are the administrator's: the rest of the pages, as them.
    sign_in(administrator)
    walk("administrator", urls)
    phase("administrator")
    # The quality lead's own pages: the access log, the inbox's mail, their admin sections.
    session_of(world.lead)
    walk("quality lead", urls, fill=True)
    phase("quality lead")
    # The meldcode dossier as the meldcode officer sees it: its dossier page and its steps.
    session_of(world.meldcode_officer)
    meldcode = dataclasses.replace(world, dossier=meldcode_dossier)
    walk(
        "meldcode officer",
        [
            (route.name, url)
            for route in conf.all_routes()
            if "feedback_id" in route.kwargs
            for url, _ in conf.route_urls(route, meldcode)
        ],
    )
    phase("meldcode officer")
    context.close()

    elapsed = time.monotonic() - started
    counts = ", ".join(f"{len(pages)} as {who}" for who, pages in checked.items())
    total = len(urls) + len(state_urls)
    print(f"\naxe walked {counts} ({total} URLs) in {elapsed:.0f}s: {', '.join(phases)}")
    # The walk reaches the pages that matter (so a broken generator cannot pass empty).
    assert any("/status/" in u for u in checked["anonymous"])
    assert any("/staff/dossiers/" in u for u in checked["quality officer"])
    assert any("/staff/inrichting/" in u for u in checked["administrator"])
    assert f"/staff/dossiers/{meldcode_dossier.pk}/" in checked["meldcode officer"]
    assert {"invitation:accept", "intake:measure_followup", "oidc:code"} <= rendered
    unreached = {
        name: sorted(answers[name])
        for name in {route.name for route in conf.all_routes()}
        if name not in rendered and name not in NOT_PAGES and not _no_page(name, answers[name])
    }
    unreached_lines = [f"{n}: {a}" for n, a in sorted(unreached.items())]
    if problems or unreached:  # both in one message: one run shows everything
        pytest.fail(
            f"{len(problems)} axe problems:\n"
            + "\n".join(problems)
            + "\nGET routes that rendered for nobody (make them a page, or say in NOT_PAGES"
            + " why not):\n"
            + "\n".join(unreached_lines)
        )


def _no_page(name: str, answers: set[str]) -> bool:
    """Whether the answers say the route is no page for anyone: none is HTML (JSON, a
    download); a 200 that is HTML but no whole document (an HTML file to download); every
    answer 405 (POST only) or a refusal to whom may not (a redirect to sign in, 401, 403); for
    the admin, a refusal (403) to each role that may enter it."""
    statuses = {a.split(": ", 1)[1] for a in answers}
    if not statuses:
        return False
    if not any(s.endswith((" page", " text/html")) for s in statuses):
        return True
    if any(s.startswith("200 ") and not s.endswith(" page") for s in statuses):
        return True
    refusals = ("302 ", "401 ", "403 ")
    if any(s.startswith("405 ") for s in statuses) and all(
        s.startswith(("405 ", *refusals)) for s in statuses
    ):
        return True
    if name.startswith("admin:"):
        by_role = {a.split(": ", 1)[0]: a.split(": ", 1)[1] for a in answers}
        admins = ("administrator", "quality lead")
        return all(by_role.get(who, "").startswith(("403 ", "405 ")) for who in admins)
    return False


def sso_pages(tab, live_server, check, rendered: set[str]) -> None:
    """Single sign-on in the browser through the real provider: a person whose group gives no
    access gets the refusal page; a mapped one without MFA from the provider gets our code
    step (enrolling the authenticator). Neither is signed in."""
    for username, landing in (("vreemd", "oidc:callback"), ("kwaliteit", "oidc:code")):
        tab.context.clear_cookies()
        tab.goto(live_server.url + "/staff/account/oidc/?next=/staff/")
        tab.locator("input[name=username]").fill(username)
        tab.locator("input[name=password]").fill(PROVIDER_PASSWORD)
        tab.locator("input[name=password]").press("Enter")
        tab.wait_for_url(lambda u: u.startswith(live_server.url) and "/oidc/" in u)
        if landing == "oidc:code":
            tab.wait_for_url(lambda u: u.endswith("/staff/account/oidc/code/"))
        if landing == "oidc:callback":
            tab.get_by_text("geen groep die toegang geeft").wait_for()
        path = tab.url.removeprefix(live_server.url)
        check(landing, path, "anonymous", phone=True, visit=False)
        rendered.add(landing)
    tab.context.clear_cookies()
