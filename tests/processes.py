"""Running real `klachtwijs` processes (a worker, gunicorn) against a copy of the test database.

    url = database_copy(tmp_path)          # committed data only: use django_db(transaction=True)
    env = process_env(url, tmp_path, EMAIL_URL=...)
    subprocess.Popen([sys.executable, "-m", "klachtwijs", "db_worker", ...], env=env, cwd=tmp_path)
    ...
    database_drop(url)

SQLite: the in-memory test database copied into a file with the online backup API;
PostgreSQL: a new database in the test cluster made from the test database as template.
"""

import os
import sqlite3
import uuid
from pathlib import Path

import psycopg
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_copy(tmp_path: Path) -> str:
    """A copy of the test database as it is now, that other processes can open; its URL."""
    if connection.vendor == "sqlite":
        path = tmp_path / f"site-{uuid.uuid4().hex[:6]}.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    from tests.load.server import database_for_site

    url, _ = database_for_site(os.environ["DATABASE_URL"], f"copy_{uuid.uuid4().hex[:8]}")
    return url


def database_drop(url: str) -> None:
    if url.startswith("sqlite:///"):
        return  # a file in tmp_path
    from tests.load.server import with_database

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def process_env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """Production settings with this database, media in tmp_path and this worktree's code."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
        "DJANGO_SETTINGS_MODULE": "klachtwijs.settings.base",
        "DATABASE_URL": url,
        "KLACHTWIJS_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        **extra,
    }
