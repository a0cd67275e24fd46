"""A worker that dies while sending does not lose the mail, nor need a hand-run command: a
worker started later sends it, exactly once, with the same Message-ID (issue 15). And a mail
server that accepts and then hangs holds a worker no longer than EMAIL_TIMEOUT.

Real `klachtwijs db_worker` processes against a copy of the test database and the real SMTP
server of tests/smtp.py (in its "accept, then hang" mode)."""

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from klachtwijs.notifications.models import OutboxMessage
from tests.factories import FeedbackFactory
from tests.processes import database_copy, database_drop, process_env
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True)
OUTBOX = "SELECT state, message_id, last_error FROM notifications_outboxmessage WHERE kind = %s"


@pytest.fixture
def site_database(settings, tmp_path):
    """A dossier whose acknowledgement waits in the outbox with its send task in the database,
    copied into a database that worker processes can open; yields its URL."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    FeedbackFactory()
    assert OutboxMessage.objects.filter(kind="acknowledgement", state="pending").exists()
    url = database_copy(tmp_path)
    yield url
    database_drop(url)


def _outbox(url: str) -> tuple[str, str, str]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(OUTBOX.replace("%s", "?"), ["acknowledgement"]).fetchone()
    with psycopg.connect(url) as db:
        return db.execute(OUTBOX, ["acknowledgement"]).fetchone()


def _worker(url: str, smtp: SMTPServer, tmp_path: Path, **env: str) -> subprocess.Popen:
    environment = process_env(url, tmp_path, EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", **env)
    return subprocess.Popen(
        [sys.executable, "-m", "klachtwijs", "db_worker", "--interval", "0.2",
         "--no-startup-delay", "--no-reload"],
        env=environment, cwd=tmp_path, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=(tmp_path / "worker.log").open("ab"),
    )  # fmt: skip


def _until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def test_a_mail_claimed_by_a_killed_worker_goes_out_once_with_the_same_message_id(
    site_database, tmp_path
):
    smtp = SMTPServer().start()
    smtp.hang = True  # accepts the data, never answers
    env = {"EMAIL_TIMEOUT": "20", "KLACHTWIJS_MAIL_CLAIM_SECONDS": "3"}
    first = _worker(site_database, smtp, tmp_path, **env)
    try:
        _until(lambda: smtp.hung, timeout=60)
        first.send_signal(signal.SIGKILL)  # dies in the middle of the send
        first.wait(timeout=10)
        state, message_id, _ = _outbox(site_database)
        assert state == "sending"
        assert smtp.hung[0]["Message-ID"] == message_id
        assert message_id.endswith("@localhost>")

        smtp.hang = False
        second = _worker(site_database, smtp, tmp_path, **env)  # a restart; nobody runs a command
        try:
            (mail,) = smtp.wait_for(1, timeout=60)
            _until(lambda: _outbox(site_database)[0] == "sent", timeout=10)
            time.sleep(1.5)  # nothing more comes
        finally:
            _stop(second)
    finally:
        _stop(first)
        smtp.stop()
    assert len(smtp.messages) == 1
    assert mail["Message-ID"] == message_id
    assert _outbox(site_database)[1] == message_id


def test_a_hanging_mail_server_holds_the_worker_no_longer_than_email_timeout(
    site_database, tmp_path
):
    smtp = SMTPServer().start()
    smtp.hang = True
    worker = _worker(site_database, smtp, tmp_path, EMAIL_TIMEOUT="1")
    try:
        _until(lambda: smtp.hung, timeout=60)
        hung_at = time.monotonic()
        _until(lambda: _outbox(site_database)[0] == "pending", timeout=4)
        assert time.monotonic() - hung_at < 4
    finally:
        _stop(worker)
        smtp.stop()
    state, _, last_error = _outbox(site_database)
    assert "timed out" in last_error.lower() or "timeout" in last_error.lower()
