"""Fault tests (issue 8, point 5): PostgreSQL restarted under load, the mail server down for
the whole run and then up, and the outbox worker killed in the middle of sending."""

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import Kind
from klachtwijs.notifications.models import OutboxMessage
from tests.factories import LocationFactory
from tests.load import server
from tests.load.cluster import OwnCluster
from tests.load.conftest import ON_POSTGRES, form_exists

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ON_POSTGRES, reason="fault tests run on PostgreSQL only"),
]

try:
    from klachtwijs.notifications import sending
    from klachtwijs.notifications.tasks import outbox_send
except ImportError:  # the outbox sender is not built yet
    sending = outbox_send = None
needs_sender = pytest.mark.skipif(sending is None, reason="notifications.sending does not exist")

FRIENDLY = "De website is even niet beschikbaar"


# --- PostgreSQL restarted in the middle of the load ----------------------------------------


@pytest.fixture
def site_on_own_cluster(workdir):
    if not form_exists():
        pytest.skip("the public form (intake:feedback_new) does not exist yet")
    cluster = OwnCluster()
    try:
        cluster.start()
        url = server.database_create(cluster.url(), "klachtwijs_fault")
        env = server.site_env(url, workdir)
        server.site_prepare(env, workdir)
        gunicorn = server.Gunicorn(env, workdir)
        try:
            yield gunicorn, cluster, url
        finally:
            gunicorn.stop()
    finally:
        cluster.remove()


def test_database_restart_gives_a_friendly_503_and_the_site_recovers(site_on_own_cluster):
    gunicorn, cluster, url = site_on_own_cluster
    answers: list[tuple[str, server.Answer]] = []
    lock = threading.Lock()

    def record(email, answer):
        with lock:
            answers.append((email, answer))

    load = threading.Thread(
        target=server.run_parents,
        kwargs={"port": gunicorn.port, "parents": 8, "seconds": 16, "record": record},
    )
    load.start()
    time.sleep(4)
    cluster.stop_server("fast")
    time.sleep(3)
    cluster.start_server()
    back_at = time.monotonic()
    load.join()

    statuses = Counter(answer.status for _, answer in answers)
    assert not [s for s in statuses if s >= 500 and s != 503 or s == 0], statuses
    unavailable = [a for _, a in answers if a.status == 503]
    assert unavailable, f"no request met the outage: {statuses}"
    assert all(FRIENDLY in a.body for a in unavailable)
    successes = {e for e, a in answers if a.status == 302 and "/ontvangen/" in a.location}
    dossiers, acknowledgements = server.stored(url)
    assert {e for e in successes if dossiers.get(e) != 1} == set()
    assert {e for e in successes if acknowledgements.get(e) != 1} == set()
    # The site recovers by itself: a few seconds after the restart every request works again.
    late = [a for _, a in answers if a.at > back_at + 4]
    assert late, statuses
    assert {a.status for a in late} == {302}


# --- mail ----------------------------------------------------------------------------------


class Inbox:
    """aiosmtpd handler that counts the messages it accepts per recipient."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server_, session, envelope):  # noqa: N802 - aiosmtpd's API
        for recipient in envelope.rcpt_tos:
            self.received[recipient] += 1
        return "250 OK"


@pytest.fixture
def smtp_settings(settings):
    port = server.free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    # Queued mail waits for the worker, as in production (no immediate sending in the test).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return port


def _dossiers(count: int) -> list[str]:
    location = LocationFactory()
    service = location.services.first()
    emails = [f"mail{n}@example.invalid" for n in range(count)]
    for email in emails:
        services.feedback_receive(
            kind=Kind.COMPLAINT,
            location=location,
            service=service,
            description="Het hek stond open.",
            submitter_name="Ouder",
            submitter_email=email,
        )
    return emails


def _start_smtp(port: int) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@needs_sender
@pytest.mark.django_db
def test_mail_server_down_then_up_delivers_every_acknowledgement_once(smtp_settings):
    emails = _dossiers(5)
    now = timezone.now()
    for hour in range(3):  # the mail server is down for the whole run: nothing is lost
        sending.outbox_send_due(now=now + timedelta(hours=hour))
    acks = OutboxMessage.objects.filter(kind="acknowledgement")
    assert acks.count() == 5
    assert set(acks.values_list("state", flat=True)) == {OutboxMessage.State.PENDING}
    assert all(m.attempts >= 1 and m.last_error for m in acks)

    controller, inbox = _start_smtp(smtp_settings)
    try:
        later = now + timedelta(days=1)
        sending.outbox_send_due(now=later)
        sending.outbox_send_due(now=later + timedelta(hours=7))
    finally:
        controller.stop()
    assert {email: inbox.received[email] for email in emails} == dict.fromkeys(emails, 1)
    assert set(acks.values_list("state", flat=True)) == {OutboxMessage.State.SENT}


WORKER = textwrap.dedent(
    """
    import os, signal, smtplib
    import django
    django.setup()
    from klachtwijs.notifications.tasks import outbox_send

    def die(*args, **kwargs):  # the worker is killed in the middle of sending
        os.kill(os.getpid(), signal.SIGKILL)

    smtplib.SMTP.sendmail = die
    outbox_send.call()
    """
)


@needs_sender
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_runs_again_and_sends_once(smtp_settings, workdir):
    [email] = _dossiers(1)
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    database = server.with_database(os.environ["DATABASE_URL"], connection.settings_dict["NAME"])
    env = {
        **server.site_env(database, workdir),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_settings}",
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }
    controller, inbox = _start_smtp(smtp_settings)
    try:
        worker = subprocess.run(
            [sys.executable, "-c", WORKER], env=env, cwd=workdir, capture_output=True, timeout=120
        )
        assert worker.returncode == -9, worker.stderr.decode()[-2000:]
        ack.refresh_from_db()
        assert ack.state == OutboxMessage.State.SENDING  # claimed by the worker that died
        outbox_send.call()  # at once: the claim still holds, so no second copy goes out
        assert inbox.received[email] == 0
        with time_machine.travel(timezone.now() + sending.CLAIM_FOR + timedelta(minutes=1)):
            outbox_send.call()  # the task runs again after the claim ran out
            outbox_send.call()
    finally:
        controller.stop()
    ack.refresh_from_db()
    assert ack.state == OutboxMessage.State.SENT
    assert inbox.received[email] == 1
