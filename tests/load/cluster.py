"""A PostgreSQL cluster of the fault test's own, so stopping it disturbs no other test
(tests/pgcluster.py warns that the shared test server must not be restarted under xdist)."""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import tempfile
from pathlib import Path

from tests import pgcluster as pg


class OwnCluster:
    def __init__(self) -> None:
        self.bindir = pg.find_bindir()
        self.base = Path(tempfile.mkdtemp(prefix=pg.DIR_PREFIX + "fault-"))
        (self.base / "owner.pid").write_text(str(os.getpid()))  # lets a later run clean up
        self.port = 0

    def start(self) -> None:
        os.chmod(self.base, 0o700)
        if pg._as_root():
            shutil.chown(self.base, "postgres", "postgres")
        pg._initdb(self.bindir, self.base)
        self.port = pg._pick_port(random.Random())
        pg._pg_ctl_start(self.base, self.port, self.bindir)

    def stop_server(self, mode: str = "fast") -> None:
        pg._pg_ctl_stop(self.base, self.bindir, mode)

    def start_server(self) -> None:
        pg._pg_ctl_start(self.base, self.port, self.bindir)

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            pg._pg_ctl_stop(self.base, self.bindir, "immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"
