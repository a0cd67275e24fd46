"""Backup and restore: the database and the media folder in one tar.gz with a manifest.

The archive holds
  - `manifest.json`: the format, the database engine, the schema (the last migration of every
    app) and the SHA-256 of every other member;
  - `database.pgdump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite,
    made with sqlite3's online backup API, so the site may keep running);
  - `media/…`: every file under MEDIA_ROOT (uploads, letters, the frozen annual reports).

`restore` checks the whole archive against the manifest first and refuses a damaged one or one
made by a newer version of Klachtwijs; it restores only into an empty database and an empty
media folder, so it never overwrites anything. Doors: `klachtwijs backup FILE` and
`klachtwijs restore FILE` (core/management/commands/).
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Dutch and English."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    members: int
    schema: dict[str, str]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(
            _("Database %(vendor)s wordt niet ondersteund / is not supported.") % {"vendor": vendor}
        )
    return vendor


def pg_binary(name: str) -> str:
    """pg_dump / pg_restore: from PATH, else the newest /usr/lib/postgresql/*/bin (Debian)."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> tuple[int, ...]:
        match = re.search(r"/postgresql/([\d.]+)/bin", path)
        return tuple(int(p) for p in match.group(1).split(".") if p) if match else (0,)

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    if not candidates:
        raise BackupError(
            _("%(name)s niet gevonden; installeer de PostgreSQL-client / %(name)s not found.")
            % {"name": name}
        )
    return candidates[0]


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    params = connections[alias].settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return [*args, "--dbname", str(params["NAME"])], env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    # Our own argument list (binary found by pg_binary), never a shell.
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(cmd)s mislukt / failed: %(error)s")
            % {"cmd": Path(cmd[0]).name, "error": result.stderr.strip()[-2000:]}
        )


def schema_version(alias: str = "default") -> dict[str, str]:
    """The last applied migration of every app, e.g. {"feedback": "0042_…"}."""
    recorder = MigrationRecorder(connections[alias])
    last: dict[str, str] = {}
    for app, name in recorder.migration_qs.order_by("id").values_list("app", "name"):
        last[app] = name
    return dict(sorted(last.items()))


def _dump_database(alias: str, engine: str, target: Path) -> None:
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # the online backup API
        finally:
            destination.close()
        return
    args, env = _pg_args(alias)
    _run([pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)


def backup_create(path: Path | str, *, alias: str = "default") -> BackupResult:
    """Write the database and the media folder to `path` (tar.gz) with a manifest of SHA-256
    sums and the schema version."""
    path = Path(path)
    engine = _engine(alias)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="klachtwijs-backup-") as work:
        dump = Path(work) / DUMP_NAMES[engine]
        _dump_database(alias, engine, dump)
        files: dict[str, Path] = {dump.name: dump}
        if media.is_dir():
            for file in sorted(p for p in media.rglob("*") if p.is_file()):
                files[MEDIA_PREFIX + file.relative_to(media).as_posix()] = file
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "schema": schema_version(alias),
            "files": {name: _sha256(file) for name, file in files.items()},
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            for name, file in files.items():
                archive.add(file, arcname=name)
        partial.replace(path)  # never leave a half-written archive under the real name
    return BackupResult(path=path, members=len(files), schema=manifest["schema"])


# --- restore ----------------------------------------------------------------------------------


def _corrupt(detail: str) -> BackupError:
    return BackupError(
        _(
            "Het archief is beschadigd of onvolledig (%(detail)s); er is niets veranderd. / "
            "The archive is damaged or incomplete (%(detail)s); nothing was changed."
        )
        % {"detail": detail}
    )


def _extract(path: Path, into: Path) -> dict:
    """Unpack the archive into `into` and check every member against the manifest."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(into, filter="data")
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise _corrupt(type(exc).__name__) from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        expected: dict[str, str] = manifest["files"]
        engine = manifest["engine"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _corrupt("manifest.json") from exc
    if manifest.get("format") != FORMAT or engine not in DUMP_NAMES:
        raise _corrupt("manifest.json")
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(expected) or DUMP_NAMES[engine] not in present:
        raise _corrupt(", ".join(sorted(present ^ set(expected))) or DUMP_NAMES[engine])
    for name, digest in expected.items():
        if _sha256(into / name) != digest:
            raise _corrupt(name)
    return manifest


def _check_schema(manifest: dict, alias: str) -> None:
    """Refuse a backup that has migrations this version of Klachtwijs does not know."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}" for app, name in manifest["schema"].items() if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _(
                "Deze back-up komt van een nieuwere versie van Klachtwijs (%(names)s); werk "
                "eerst bij. / This backup comes from a newer version (%(names)s); upgrade first."
            )
            % {"names": ", ".join(unknown)}
        )


def _check_empty(alias: str, engine: str, manifest: dict) -> None:
    connection = connections[alias]
    if manifest["engine"] != engine:
        raise BackupError(
            _(
                "Deze back-up is van %(theirs)s, de database is %(ours)s. / This backup is of "
                "%(theirs)s, the database is %(ours)s."
            )
            % {"theirs": manifest["engine"], "ours": engine}
        )
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            _(
                "De database is niet leeg (%(count)s tabellen); terugzetten kan alleen in een "
                "lege database. Maak een nieuwe database en start niet eerst `migrate`. / The "
                "database is not empty (%(count)s tables); restore only into an empty database."
            )
            % {"count": len(tables)}
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(
            _(
                "De mediamap %(path)s is niet leeg; terugzetten kan alleen in een lege map. / "
                "The media folder %(path)s is not empty."
            )
            % {"path": media}
        )


def _restore_database(alias: str, engine: str, dump: Path) -> None:
    connection = connections[alias]
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    args, env = _pg_args(alias)
    cmd = [pg_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*cmd, "--single-transaction", *args, str(dump)], env)


def backup_restore(path: Path | str, *, alias: str = "default") -> dict:
    """Restore an archive made by `backup_create` into the empty database `alias` and the
    empty MEDIA_ROOT; returns the manifest. Every check comes before the first change."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("%(path)s bestaat niet / does not exist.") % {"path": path})
    engine = _engine(alias)
    with tempfile.TemporaryDirectory(prefix="klachtwijs-restore-") as work:
        unpacked = Path(work)
        manifest = _extract(path, unpacked)
        _check_schema(manifest, alias)
        _check_empty(alias, engine, manifest)
        _restore_database(alias, engine, unpacked / DUMP_NAMES[engine])
        media = Path(settings.MEDIA_ROOT)
        source = unpacked / MEDIA_PREFIX.rstrip("/")
        if source.is_dir():
            shutil.copytree(source, media, dirs_exist_ok=True)
    connections[alias].close()  # the next query sees the restored tables
    return manifest
