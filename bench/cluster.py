"""A throwaway PostgreSQL cluster for the benchmarks, built on tests/pgcluster.py's helpers.

Unlike the test cluster it keeps fsync and synchronous commit on (production-like writes) and
gives the server the memory a small production machine would (see SETTINGS)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import pgcluster as pg  # noqa: E402

SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "max_connections": "100",
    "shared_buffers": "1GB",
    "effective_cache_size": "4GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
    "random_page_cost": "1.1",
    "jit": "off",
}


class Cluster:
    def __init__(self) -> None:
        self.bindir = pg.find_bindir()
        self.base = Path(tempfile.mkdtemp(prefix="klachtwijs-bench-pg-"))
        self.port: int | None = None

    @property
    def version(self) -> str:
        return pg.server_version(self.bindir)

    def start(self) -> None:
        import os
        import random

        os.chmod(self.base, 0o700)
        if pg._as_root():
            shutil.chown(self.base, "postgres", "postgres")
        pg._initdb(self.bindir, self.base)
        options = " ".join(f"-c {k}={v}" for k, v in SETTINGS.items())
        rng = random.Random()
        for _ in range(5):
            port = pg._pick_port(rng)  # 15000-30000: below wrk's ephemeral ports
            result = pg._run(
                [self.bindir / "pg_ctl", "-D", self.base / "data", "-l", self.base / "server.log",
                 "-o", f"-p {port} -k {self.base} {options}", "-w", "-t", "120", "start"],
                cwd=self.base, check=False,
            )  # fmt: skip
            if result.returncode == 0:
                self.port = port
                return
        raise pg.ClusterError(f"could not start PostgreSQL:\n{pg._log_tail(self.base)}")

    def stop(self) -> None:
        if (self.base / "data" / "postmaster.pid").exists():
            pg._run(
                [self.bindir / "pg_ctl", "-D", self.base / "data", "-m", "fast", "-w", "stop"],
                cwd=self.base, check=False,
            )  # fmt: skip
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def createdb(self, dbname: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
            conn.execute(f'CREATE DATABASE "{dbname}"')
        return self.url(dbname)
