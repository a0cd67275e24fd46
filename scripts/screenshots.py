"""`make screenshots`: PNGs of the main pages at 360 px and 1366 px wide in docs/screenshots/.

Starts the site with the demo data on a throwaway SQLite database (a temporary folder, DEBUG on
so the static files come from the source tree), signs in the demo quality officer with password
and TOTP code through the sign-in page, opens an annual report, and photographs with Playwright
(Debian's Chromium, as the browser tests): the public form, a parent's status page, the back
office overview, a dossier and the annual report page. Issue 18, ADR 0011.

    python scripts/screenshots.py [--out docs/screenshots] [--port 21500]
"""

# ruff: noqa: S603 - a developer tool that runs this project's own commands with fixed arguments

import argparse
import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KLACHTWIJS_CHROMIUM", "/usr/bin/chromium")
WIDTHS = (360, 1366)
PAGES = ("form", "status", "overview", "dossier", "report")
OFFICER = "kwaliteit"  # the demo quality officer (demo/data.py)

# Run inside the site's database: a judged complaint with measures, its parent's fresh private
# link (feedback.tokens.link_new) and a dossier number for the back office.
FIND = """
from klachtwijs.feedback.models import Feedback
from klachtwijs.feedback.tokens import link_new
judged = (Feedback.objects.filter(measures__isnull=False).exclude(submitter_email="")
          .order_by("-received_at").first())
dossier = Feedback.objects.filter(status="in_progress").order_by("-received_at").first() or judged
print(link_new(judged))
print(dossier.pk)
"""


def free_port(start: int) -> int:
    """The first free port from `start` on (the caller's own range)."""
    for port in range(start, start + 500):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"no free port from {start}")


def run(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "klachtwijs", *args],
        env=env,
        cwd=env["KW_WORK"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def wait_until_up(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the site did not start at {url}")


def demo_login(table: str) -> tuple[str, bytes]:
    """The officer's password and TOTP key from the table `load_demo` prints."""
    for line in table.splitlines():
        cells = line.split()
        if OFFICER in cells:
            at = cells.index(OFFICER)
            return cells[at + 1], base64.b32decode(cells[at + 2])
    raise SystemExit(f"load_demo printed no login for {OFFICER}")


def totp_now(key: bytes) -> str:
    """The authenticator code of `key` right now (django-otp's TOTP, 30 s, 6 digits)."""
    from django_otp.oath import TOTP

    return f"{TOTP(key).token():06d}"


def shrink(path: Path) -> None:
    """A 256-colour PNG: a fraction of the size, and text and flat colours stay sharp."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def shoot(site: str, login: tuple[str, bytes], status_url: str, dossier: str, out: Path):
    from playwright.sync_api import sync_playwright

    password, key = login
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
        context.set_default_timeout(30_000)
        tab = context.new_page()
        tab.goto(f"{site}/staff/account/inloggen/")
        tab.get_by_label("Gebruikersnaam").fill(OFFICER)
        tab.get_by_label("Wachtwoord").fill(password)
        tab.locator("#id_otp_token").fill(totp_now(key))
        tab.get_by_role("button", name="Inloggen").click()
        tab.wait_for_url(f"{site}/staff/**")
        # The annual report of last year, as the quality officer opens it.
        tab.goto(f"{site}/staff/jaarverslag/")
        tab.get_by_role("button", name="Verslag openen").click()
        tab.wait_for_url(f"{site}/staff/jaarverslag/*/")
        report = tab.url
        urls = {
            "form": f"{site}/klantreactie/",
            "status": status_url,
            "overview": f"{site}/staff/",
            "dossier": f"{site}/staff/dossiers/{dossier}/",
            "report": report,
        }
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900 if width > 360 else 740})
            for name in PAGES:
                tab.goto(urls[name])
                tab.wait_for_load_state("networkidle")
                path = out / f"{name}-{width}.png"
                tab.screenshot(path=str(path), full_page=True)
                shrink(path)
                saved.append(path)
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT_FROM", "21500")))
    options = parser.parse_args()
    if not shutil.which(CHROMIUM):
        raise SystemExit(f"Chromium not found at {CHROMIUM} (make deps installs it)")
    options.out.mkdir(parents=True, exist_ok=True)
    port = free_port(options.port)
    site = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="klachtwijs-screenshots-") as work:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
            "DJANGO_SETTINGS_MODULE": "klachtwijs.settings.base",
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{work}/screenshots.sqlite3",
            "KLACHTWIJS_MEDIA_ROOT": f"{work}/media",
            "SITE_URL": site,
            "EMAIL_URL": "console:",
            "KW_WORK": work,
        }
        print("Database en demo-gegevens klaarzetten …", flush=True)
        run(env, "migrate", "--noinput")
        login = demo_login(run(env, "load_demo"))
        status_url, dossier = run(env, "shell", "-c", FIND).split()[-2:]
        log = open(Path(work) / "server.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [sys.executable, "-m", "klachtwijs", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=work,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(f"{site}/health/live")
            saved = shoot(site, login, status_url, dossier, options.out)
        finally:
            server.terminate()
            server.wait(timeout=20)
            log.close()
    for path in saved:
        print(f"{path}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
