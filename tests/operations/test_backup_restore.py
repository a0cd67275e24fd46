"""`klachtwijs backup` and `klachtwijs restore` (issue 15): a restore into a fresh database
(SQLite: a new file; PostgreSQL: a new database in the test cluster) gives the same annual
report figures and the same documents, byte for byte. A damaged archive is refused before
anything changes, and so is a database that is not empty."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from klachtwijs.feedback.models import Document
from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.intake.tasks import acknowledgement_letter
from klachtwijs.reports import services
from klachtwijs.reports.models import ReportVersion, Variant
from tests.factories import FeedbackFactory, LocationFactory
from tests.operations.snapshot import snapshot
from tests.reports.builders import local

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed data only
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database of the engine the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"restored_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=params["HOST"], port=params["PORT"], user=params["USER"], dbname="postgres",
        password=params["PASSWORD"] or None, autocommit=True,
    )  # fmt: skip
    admin.execute(f'CREATE DATABASE "{name}"')
    user = f"{params['USER']}:{params['PASSWORD']}" if params["PASSWORD"] else params["USER"]
    yield f"postgres://{user}@{params['HOST']}:{params['PORT']}/{name}"
    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.close()


def _klachtwijs(*args: str, database_url: str, media_root: Path, cwd: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "klachtwijs.settings.base",
        "DATABASE_URL": database_url,
        "KLACHTWIJS_MEDIA_ROOT": str(media_root),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    return subprocess.run(
        [sys.executable, "-m", "klachtwijs", *args],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _tables(database_url: str) -> list[str]:
    if database_url.startswith("sqlite:///"):
        import sqlite3

        path = database_url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return []
        with sqlite3.connect(path) as db:
            return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as db:
        rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [r[0] for r in rows]


def _world(officer) -> None:
    """A dossier with its acknowledgement letter, and a final annual report (PDF and DOCX)."""
    location = LocationFactory(name="Morel")
    feedback = FeedbackFactory(location=location, received_at=local(2025, 4, 1, 9))
    feedback_set_report_texts(
        feedback_id=feedback.pk, by=officer, summary="Een ouder miste informatie.",
        handling="Vaste overdrachtsmomenten.",
    )  # fmt: skip
    acknowledgement_letter.call(feedback_id=feedback.pk)
    report = services.report_get_or_create(year=2025, region=None, variant=Variant.WKO, by=officer)
    services.report_make_final(report_id=report.pk, by=officer)
    assert ReportVersion.objects.count() == 1
    assert Document.objects.filter(kind=Document.Kind.ACKNOWLEDGEMENT).count() == 1


def _damaged_copy(archive: Path, into: Path) -> Path:
    """The same archive with one byte of the letter changed (the manifest untouched)."""
    damaged = into / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith(".pdf") and "dossiers/" in member.name:
                data = data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]
            target.addfile(member, fileobj=io.BytesIO(data))
    return damaged


def test_restore_into_a_fresh_database_gives_the_same_figures_and_documents(
    officer, media, fresh_database, tmp_path
):
    _world(officer)
    before = snapshot()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["engine"] == connection.vendor
    assert {"feedback", "reports", "notifications"} <= set(manifest["schema"])
    assert names == {"manifest.json", *manifest["files"]}
    assert sum(n.startswith("media/reports/final/") for n in names) == 2  # PDF and DOCX

    restored_media = tmp_path / "restored-media"
    run = lambda *a: _klachtwijs(  # noqa: E731
        *a, database_url=fresh_database, media_root=restored_media, cwd=tmp_path
    )
    refused = run("restore", str(_damaged_copy(archive, tmp_path)))
    assert refused.returncode != 0
    assert "beschadigd" in refused.stderr
    assert "damaged" in refused.stderr
    assert _tables(fresh_database) == []  # nothing changed
    assert not restored_media.exists() or not any(restored_media.rglob("*"))

    restored = run("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    after = run("shell", "-c", "from tests.operations.snapshot import snapshot; print(snapshot())")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout.splitlines()[-1]) == json.loads(before)
    assert json.loads(before)["figures"]["complaints"] == 1

    again = run("restore", str(archive))  # the database is no longer empty
    assert again.returncode != 0
    assert "niet leeg" in again.stderr


def test_restore_refuses_a_database_that_is_not_empty(officer, media, tmp_path):
    FeedbackFactory()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="niet leeg.*not empty"):
        call_command("restore", str(archive))
