"""/health/live and /health/ready: public, cheap, no personal data, 200 or 503 per check."""

import ast
import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from klachtwijs.notifications.services import message_queue
from klachtwijs.notifications.tasks import outbox_send

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _ready(client):
    response = client.get("/health/ready")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def _mail():
    return message_queue(
        kind="link_resend",
        to="ouder@example.nl",
        context={"feedback": {"reference": "2025-0001", "framework": "wko"}, "status_url": "x"},
    )


def test_live_answers_without_sign_in_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"live": True}


def test_ready_reports_every_check(client):
    status, body = _ready(client)
    assert status == 200
    assert body["ready"] is True
    assert set(body["checks"]) == {"database", "migrations", "worker", "mail"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["migrations"]["detail"] == {"unapplied": 0}


def test_an_old_unsent_mail_makes_it_not_ready_until_it_is_sent(client):
    _mail()
    status, body = _ready(client)
    assert status == 200
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
        status, body = _ready(client)
        assert status == 503
        mail = body["checks"]["mail"]
        assert mail["ok"] is False
        assert mail["detail"]["oldest_unsent_seconds"] >= 61 * 60
        assert "ouder@example.nl" not in str(body)  # states and ages only
        call_command("send_outbox")
        status, body = _ready(client)
    assert status == 200
    assert body["checks"]["mail"]["detail"]["oldest_unsent_seconds"] is None


# Transactional: the worker closes database connections older than CONN_MAX_AGE, and the clock
# jumps past it.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_task_waiting_too_long_makes_it_not_ready_until_the_worker_takes_it(client):
    outbox_send.enqueue()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=14)):
        assert _ready(client)[0] == 200  # within KLACHTWIJS_HEALTH_WORKER_MINUTES (15)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        status, body = _ready(client)
        assert status == 503
        assert body["checks"]["worker"]["ok"] is False
        assert body["checks"]["worker"]["detail"]["last_started_seconds_ago"] is None
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        status, body = _ready(client)
    assert status == 200
    assert body["checks"]["worker"]["detail"]["oldest_waiting_seconds"] is None
    assert body["checks"]["worker"]["detail"]["last_started_seconds_ago"] == 0


@override_settings(KLACHTWIJS={"HEALTH_MAIL_MINUTES": 1})
def test_the_limits_are_settings(client):
    _mail()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert _ready(client)[0] == 503


def test_only_get_and_head(client):
    assert client.post("/health/ready").status_code == 405
    assert client.head("/health/live").status_code == 200


def test_the_checks_are_not_redirected_to_https(client, settings):
    """The container health checks ask http://127.0.0.1 (deploy/healthcheck.py), also when the
    site's SITE_URL is https and plain http is redirected."""
    code = "from klachtwijs.settings import base; print(base.SECURE_REDIRECT_EXEMPT)"
    env = {**os.environ, "SITE_URL": "https://klachten.example.nl", "SECRET_KEY": "x" * 50}
    env.pop("DEBUG", None)
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = ast.literal_eval(out)
    assert client.get("/health/ready").status_code == 200
    assert client.get("/klantreactie/").status_code == 301
