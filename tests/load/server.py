"""Helpers for the load and fault tests: a database of their own, gunicorn, and parents.

The server under test is a real gunicorn (2 sync workers) on loopback, with production
settings plus `tests/load/settings_load.py`, against its own PostgreSQL database (never the
test database pytest-django manages). Parents are threads using only the standard library.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FORM = "/klantreactie/"
SETTINGS = "tests.load.settings_load"


def with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def database_create(url: str, name: str) -> str:
    """A fresh database `name` in the cluster of `url`; returns its URL."""
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def database_for_site(url: str, name: str) -> tuple[str, bool]:
    """A database for the server under test: a copy of pytest-django's migrated test
    database when possible (much faster than migrating anew), else an empty one.
    Returns its URL and whether it is migrated already."""
    from django.db import connection, connections

    template = connection.settings_dict["NAME"]
    connections.close_all()  # a template must have no open connections
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        try:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        except psycopg.Error:
            conn.execute(f'CREATE DATABASE "{name}"')
            return with_database(url, name), False
    return with_database(url, name), True


def database_drop(url: str, name: str) -> None:
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def site_env(database_url: str, workdir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "KLACHTWIJS_MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": "console:",
        "LOG_LEVEL": "ERROR",
        "DB_CONN_MAX_AGE": "60",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


def site_prepare(env: dict[str, str], workdir: Path, *, migrated: bool = False) -> None:
    """Migrate and add a few locations with services, as a real installation would have."""
    kw = BIN / "klachtwijs"
    commands = [[kw, "generate_data", "--dossiers", "1", "--locations", "3", "--no-progress"]]
    if not migrated:
        commands.insert(0, [kw, "migrate", "--noinput"])
    for cmd in commands:
        subprocess.run([str(c) for c in cmd], env=env, cwd=workdir, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if port >= 32768:  # stay below the ephemeral range of the clients' own connections
        for candidate in range(20000, 32000, 7):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", candidate))
                except OSError:
                    continue
                return candidate
    return port


class Gunicorn:
    """gunicorn with 2 sync workers on 127.0.0.1; stopped by `stop()`."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.port = free_port()
        self.log = workdir / "gunicorn.log"
        cmd = [BIN / "gunicorn", "--workers", "2", "--worker-class", "sync",
               "--bind", f"127.0.0.1:{self.port}", "--no-control-socket", "--timeout", "30",
               "klachtwijs.wsgi:application"]  # fmt: skip
        self.proc = subprocess.Popen(
            [str(c) for c in cmd],
            env=env,
            cwd=workdir,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log.read_text()[-2000:]}")
            try:
                if request(self.port, "GET", FORM).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # quick shutdown: the test is over
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Answer:
    status: int
    body: str
    location: str
    cookies: dict[str, str]
    at: float = field(default_factory=time.monotonic)


def request(port: int, method: str, path: str, *, body=None, cookie="", timeout=30) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, text, response.headers.get("Location", ""), cookies)
    finally:
        conn.close()


class Parent:
    """One parent: their own cookie jar (the CSRF cookie); fetches the form, then sends it."""

    def __init__(self, port: int, number: int) -> None:
        self.port, self.number, self.jar = port, number, {}
        self.sent = 0

    def _cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.jar.items())

    def send_form(self) -> tuple[str, Answer]:
        """GET the form and POST it back filled in; returns (unique e-mail, the POST's answer).

        A GET that fails (the site is down) is returned as the answer itself."""
        page = request(self.port, "GET", FORM, cookie=self._cookie())
        self.jar.update(page.cookies)
        self.sent += 1
        email = f"load{self.number}-{self.sent}@example.invalid"
        if page.status != 200:
            return email, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        key = re.search(r'name="submission_key" value="([^"]*)"', page.body)
        place = re.search(r'<option value="(\d+:\d+)"', page.body)
        fields = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "submission_key": key.group(1) if key else "",
            "kind": "complaint",
            "place": place.group(1) if place else "",
            "description": "Het hek van de buitenruimte stond open toen ik mijn kind bracht.",
            "submitter_name": f"Ouder {self.number}",
            "submitter_email": email,
            "contact_preference": "email",
            "submitter_role": "parent",
            "age_band": "under_12",
            "website": "",
        }
        body = urllib.parse.urlencode(fields)
        answer = request(self.port, "POST", FORM, body=body, cookie=self._cookie())
        self.jar.update(answer.cookies)
        return email, answer


def run_parents(port: int, *, parents: int, seconds: float, record) -> None:
    """`parents` threads send the form again and again for `seconds`; `record(email, answer)`
    is called for every POST (or failed GET), from the parents' threads."""
    deadline = time.monotonic() + seconds

    def work(number: int) -> None:
        parent = Parent(port, number)
        while time.monotonic() < deadline:
            try:
                email, answer = parent.send_form()
            except OSError as exc:  # connection refused or reset: count it, keep going
                record(f"load{number}-error", Answer(0, str(exc), "", {}))
                time.sleep(0.2)
                continue
            record(email, answer)

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(parents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)


def stored(database_url: str) -> tuple[dict[str, int], dict[str, int]]:
    """Per submitter e-mail: dossiers stored, and acknowledgements in the outbox."""
    with psycopg.connect(database_url) as conn:
        dossiers = dict(
            conn.execute(
                "SELECT submitter_email, count(*) FROM feedback_feedback "
                "WHERE submitter_email LIKE 'load%@example.invalid' GROUP BY 1"
            ).fetchall()
        )
        acks = dict(
            conn.execute(
                'SELECT "to", count(*) FROM notifications_outboxmessage '
                "WHERE kind = 'acknowledgement' GROUP BY 1"
            ).fetchall()
        )
    return dossiers, acks
