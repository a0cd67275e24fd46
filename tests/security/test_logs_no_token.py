"""The parent's token never reaches a log (issue 15): bad requests on status links (404, 400)
leave no token in what Django's loggers write (django.request, django.server, through every
configured handler), nor in gunicorn's access and error log with deploy/gunicorn.conf.py."""

import http.client
import io
import logging
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIRequestHandler

from tests.processes import ROOT, database_copy, database_drop, process_env
from tests.smtp import free_port

TOKEN = secrets.token_urlsafe(32)  # what link_new makes
SIGNED = f"42:1tXyZa:{secrets.token_urlsafe(24)}"  # a signed reply token (django.core.signing)


def _paths() -> list[str]:
    return [
        f"/status/{TOKEN}/",
        f"/status/{TOKEN}/documenten/999999/",
        f"/status/{TOKEN[:12]}/",  # a mistyped link is still the start of a secret
        f"/klantreactie/?token={TOKEN}",
        f"/mail/antwoord/{SIGNED}/",
    ]


def _leaks(text: str) -> list[str]:
    return [secret for secret in (TOKEN, TOKEN[:12], SIGNED, SIGNED[-20:]) if secret in text]


@pytest.fixture
def written():
    """Everything the configured handlers write (their streams swapped for one buffer)."""
    buffer = io.StringIO()
    names = ["", "django", "django.request", "django.server", "django.security"]
    handlers = {h for name in names for h in logging.getLogger(name).handlers}
    streams = {h: h.setStream(buffer) for h in handlers if isinstance(h, logging.StreamHandler)}
    assert streams, "no stream handler configured"
    yield buffer
    for handler, stream in streams.items():
        handler.setStream(stream)


@pytest.mark.django_db
def test_django_logs_no_token_of_a_bad_request(client, written):
    for path in _paths():
        assert client.get(path).status_code in (200, 302, 404, 503), path
    bad_host = client.get(f"/status/{TOKEN}/", headers={"host": "elders.example"})
    assert bad_host.status_code == 400
    # What runserver's request handler logs for every request (logger django.server).
    runserver = WSGIRequestHandler.__new__(WSGIRequestHandler)
    runserver.request = None
    for path in _paths():
        runserver.log_message('"%s" %s %s', f"GET {path} HTTP/1.1", "404", "179")

    text = written.getvalue()
    assert "Not Found: /status/[token]/" in text
    assert "Invalid HTTP_HOST header" in text
    assert '"GET /status/[token]/documenten/999999/ HTTP/1.1" 404' in text
    assert _leaks(text) == []


@pytest.mark.django_db(transaction=True)
def test_gunicorn_logs_no_token(tmp_path):
    url = database_copy(tmp_path)
    port = free_port(21000, 21999)
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "klachtwijs.wsgi"],
        env=process_env(url, tmp_path, DJANGO_SETTINGS_MODULE="tests.load.settings_load"),
        cwd=tmp_path, stdin=subprocess.DEVNULL,
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=5).connect()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        for path in _paths():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Referer": f"http://127.0.0.1/status/{TOKEN}/"})
            assert conn.getresponse().status in (200, 302, 404, 503), log.read_text()
            conn.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        database_drop(url)
    text = Path(log).read_text()
    assert '"GET /status/[token]/documenten/999999/ HTTP/1.1" 404' in text
    assert "Not Found: /status/[token]/" in text
    assert _leaks(text) == []
