"""The project's frame: settings from the environment, the console script, migrations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from klachtwijs.feedback.models import Category
from klachtwijs.organisation.models import Organisation
from klachtwijs.settings.email import parse_email_url
from klachtwijs.settings.env import env_bool, env_int, secret_key

OUR_APPS = ["organisation", "feedback", "notifications"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://127.0.0.1:2525",
            {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": 2525, "EMAIL_USE_TLS": False},
        ),
        (
            "smtp+tls://user:p%40ss@mail.example.nl:587",
            {"EMAIL_HOST_USER": "user", "EMAIL_HOST_PASSWORD": "p@ss", "EMAIL_USE_TLS": True},
        ),
        ("smtp+ssl://mail.example.nl", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_email_url_is_parsed(url, expected):
    config = parse_email_url(url)
    assert {key: config[key] for key in expected} == expected


def test_email_url_with_unknown_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        parse_email_url("pigeon://coop")


def test_typed_env_helpers_fail_loudly(monkeypatch):
    monkeypatch.setenv("KW_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured):
        env_bool("KW_FLAG", False)
    monkeypatch.setenv("KW_NUMBER", "zeven")
    with pytest.raises(ImproperlyConfigured):
        env_int("KW_NUMBER", 1)
    monkeypatch.setenv("KW_FLAG", "true")
    assert env_bool("KW_FLAG", False) is True


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    path = tmp_path / "state" / "secret_key"
    first = secret_key(path)
    assert len(first) > 50
    assert secret_key(path) == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(path) == "from-the-environment"


def test_console_script_runs_manage_commands(tmp_path):
    script = Path(sys.executable).parent / "klachtwijs"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "klachtwijs.settings.base"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [str(script), "check"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert (tmp_path / ".klachtwijs" / "secret_key").exists()


@pytest.mark.django_db
def test_there_is_exactly_one_organisation():
    assert Organisation.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Tweede")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_migrations_run_backwards_and_forwards():
    executor = MigrationExecutor(connection)
    leaves = [key for key in executor.loader.graph.leaf_nodes() if key[0] in OUR_APPS]
    executor.migrate([(app, None) for app in reversed(OUR_APPS)])
    executor.loader.build_graph()
    executor.migrate(leaves)
    call_command("migrate", verbosity=0)  # the command also seeds the defaults
    assert Organisation.objects.count() == 1
    assert Category.objects.filter(is_meldcode=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_organisation_and_categories():
    call_command("flush", "--no-input", verbosity=0)
    assert Organisation.objects.count() == 1
    assert Category.objects.count() == 9
