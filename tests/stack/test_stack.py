"""The container stack as an organisation runs it (issue 15): build the images from Debian
packages (deploy/build-image.sh), start compose.yaml with podman-compose on loopback ports,
set the organisation up inside the web container, send a complaint through the public form over
HTTP, and see the acknowledgement leave through the worker into an SMTP sink on this host.

Marked `stack`: not in the default run; `make stack-test` runs it (CI too, after `make test`).
Needs podman, podman-compose and mmdebstrap (scripts/install-system-deps.sh) and the package
index; takes minutes (README, "Production"). Everything it starts is removed afterwards
(containers and volumes: `podman-compose down -v`).
"""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.smtp import SMTPServer, free_port

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
CONTAINERS_CONF = str(ROOT / "deploy" / "containers.conf")
PARENT = "ouder.stacktest@example.nl"
SERVICES = ("db", "web", "worker", "scheduler")
TIMEOUT = 240  # seconds for the stack to become ready, and for the mail to arrive
# podman-compose from the test extras (1.0.6): Debian bookworm's 1.0.3 puts every container on
# a bridge network even with `network_mode: host`, which podman refuses.
PODMAN_COMPOSE = shutil.which("podman-compose", path=str(Path(sys.executable).parent))


def _run(*args: str, env: dict | None = None, timeout: int = 1800, check: bool = True):
    result = subprocess.run(  # noqa: S603 - fixed commands
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


class Stack:
    """One compose project on free loopback ports, with its own env file and names."""

    def __init__(self, tmp: Path, smtp: SMTPServer):
        self.project = f"kwstack{os.getpid()}"
        self.web_port, self.db_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.web_port}"
        password = secrets.token_urlsafe(16)
        settings = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SITE_URL": self.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "KLACHTWIJS_BIND": f"127.0.0.1:{self.web_port}",
            "GUNICORN_WORKERS": "2",
            "POSTGRES_USER": "klachtwijs",
            "POSTGRES_PASSWORD": password,
            "POSTGRES_DB": "klachtwijs",
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(self.db_port),
            "DATABASE_URL": f"postgres://klachtwijs:{password}@127.0.0.1:{self.db_port}/klachtwijs",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "DEFAULT_FROM_EMAIL": "klachten@stacktest.example.nl",
            "TZ": "Europe/Amsterdam",
        }
        self.env_file = tmp / "env"
        self.env_file.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        self.env = {
            **os.environ,
            "CONTAINERS_CONF": CONTAINERS_CONF,
            "KLACHTWIJS_ENV_FILE": str(self.env_file),
        }

    def compose(self, *args: str, check: bool = True):
        return _run(
            PODMAN_COMPOSE,
            "-p",
            self.project,
            "-f",
            "compose.yaml",
            *args,
            env=self.env,
            check=check,
            timeout=600,
        )

    def container(self, service: str) -> str:
        return f"{self.project}_{service}_1"  # podman-compose 1.0's names

    def podman(self, *args: str, check: bool = True):
        return _run("podman", *args, env=self.env, check=check, timeout=600)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def leftovers(self) -> list[str]:
        label = f"label=io.podman.compose.project={self.project}"
        containers = self.podman("ps", "-a", "-q", "--filter", label).stdout.split()
        volumes = self.podman("volume", "ls", "-q", "--filter", label).stdout.split()
        return containers + volumes


def _wait(what: str, condition, timeout: int = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, smtp):
    for tool in ("podman", "mmdebstrap"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: run `make deps` (scripts/install-system-deps.sh)")
    if PODMAN_COMPOSE is None:
        pytest.fail("podman-compose is missing from the venv: pip install -e '.[test]'")
    started = time.monotonic()
    _run("bash", "deploy/build-image.sh", env={**os.environ, "CONTAINERS_CONF": CONTAINERS_CONF})
    built = time.monotonic()
    print(f"\nstack: images built in {built - started:.0f} s")
    stack = Stack(tmp_path_factory.mktemp("stack"), smtp)
    try:
        up = stack.compose("up", "-d")
        running = stack.podman("ps", "--format", "{{.Names}}").stdout.split()
        missing = [s for s in SERVICES if stack.container(s) not in running]
        assert missing == [], f"not started: {missing}\n{up.stdout[-4000:]}\n{up.stderr[-4000:]}"
        yield stack
    finally:
        for service in ("web", "worker", "scheduler"):
            logs = stack.podman("logs", stack.container(service), check=False)
            print(f"--- {service} ---\n{logs.stdout[-3000:]}{logs.stderr[-3000:]}")
        stack.compose("down", "-v", check=False)
        print(f"stack: up, test and down in {time.monotonic() - built:.0f} s")
    assert stack.leftovers() == [], "podman-compose down -v left containers or volumes"


def _ready(stack: Stack) -> dict | None:
    try:
        status, body = stack.get("/health/ready")
    except OSError:
        return None
    return json.loads(body) if status == 200 else None


def _submit_complaint(stack: Stack) -> str:
    """The public form, as a browser sends it: GET for the cookie, token and choices, then POST.
    Returns the page the parent lands on."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form_url = stack.url + "/klantreactie/"
    page = browser.open(form_url, timeout=30).read().decode()
    field = lambda name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1)  # noqa: E731
    place = re.search(r'<option value="(\d+:\d+)"', page).group(1)
    data = {
        "csrfmiddlewaretoken": field("csrfmiddlewaretoken"),
        "submission_key": field("submission_key"),
        "kind": "complaint",
        "place": place,
        "description": "Bij het ophalen wist niemand waar mijn dochter was.",
        "happened_on": "2026-11-02",
        "desired_outcome": "Een vaste overdracht bij het ophalen.",
        "child_1_name": "Noor",
        "child_1_group": "Vlindergroep",
        "submitter_name": "Fleur de Vries",
        "submitter_email": PARENT,
        "submitter_phone": "06 12345678",
        "contact_preference": "email",
        "submitter_role": "parent",
        "age_band": "under_12",
        "website": "",
    }
    request = urllib.request.Request(  # noqa: S310 - loopback
        form_url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": form_url}
    )
    with browser.open(request, timeout=30) as response:
        landed = response.geturl()
        assert landed != form_url, "the form came back (with errors?)"
        return response.read().decode()


def test_a_complaint_through_the_stack_is_acknowledged_by_mail(stack, smtp):
    ready = _wait("/health/ready", lambda: _ready(stack))
    assert ready["checks"]["migrations"]["detail"] == {"unapplied": 0}
    # The organisation: the demo set-up, made inside the running web container.
    stack.podman("exec", stack.container("web"), "klachtwijs", "load_demo")

    thanks = _submit_complaint(stack)
    reference = re.search(r"\b20\d\d-\d{4}\b", thanks).group(0)

    def acknowledgement():
        return [m for m in smtp.messages if PARENT in m["To"] and reference in m["Subject"]]

    mails = _wait("the acknowledgement in the SMTP sink", acknowledgement)
    assert len(mails) == 1
    assert mails[0]["From"] == "klachten@stacktest.example.nl"
    assert f"{stack.url}/status/" in mails[0].get_body(("plain",)).get_content()

    # It left through the worker: the worker took the task, nothing waits, the outbox is empty
    # of old mail; the health checks of the containers say so too.
    ready = _wait("every check ok", lambda: _ready(stack))
    assert ready["checks"]["worker"]["detail"]["last_started_seconds_ago"] is not None
    for service in ("db", "web", "worker"):
        result = stack.podman("healthcheck", "run", stack.container(service), check=False)
        assert result.returncode == 0, f"{service} is not healthy: {result.stdout}{result.stderr}"
    # The scheduler ran the daily jobs when it started.
    logs = stack.podman("logs", stack.container("scheduler")).stdout
    assert "apply_retention" in logs
    assert "Bewaartermijn" in logs
    # The media volume is where the web service keeps uploads and letters.
    stack.podman("exec", stack.container("web"), "test", "-w", "/var/lib/klachtwijs/media")
