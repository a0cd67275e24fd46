"""A throwaway PostgreSQL cluster for the test suite (pytest plugin, loaded with `-p`).

When `KLACHTWIJS_TEST_POSTGRES` is set and `DATABASE_URL` is not, importing this module
creates a cluster in a private folder under /tmp, starts it on a free loopback port and sets
`DATABASE_URL` to point at it. pytest-django then creates `test_klachtwijs` (or
`test_klachtwijs_gwN` per xdist worker) there itself.

The work happens at import time on purpose: pytest imports `-p` plugins while it parses the
command line, before pytest-django's `pytest_load_initial_conftests` reads
`settings.DATABASES`; a fixture or a later hook would be too late.

Only the process that started the cluster stops and removes it: in `pytest_unconfigure` and,
as a fallback, at interpreter exit or on SIGTERM. pytest-xdist workers inherit `DATABASE_URL`
(and the variables below) from the controller and never start a cluster of their own.

Fault tests can stop, start or restart the server with `stop_cluster()`, `start_cluster()`
and `restart_cluster()`. They act only on a cluster this plugin started (see `is_managed()`);
under xdist every worker shares the one server, so a test that stops it disturbs the tests
running in the other workers at the same moment: run such tests without `-n`, or skip them
when `os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") != "1"`.

This module must not import Django: the settings may not be importable yet when it loads.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ENABLE_VAR = "KLACHTWIJS_TEST_POSTGRES"
# Exported so that xdist workers and subprocesses can find the cluster the controller started.
DIR_VAR = "KLACHTWIJS_TEST_PG_DIR"
PORT_VAR = "KLACHTWIJS_TEST_PG_PORT"
BIN_VAR = "KLACHTWIJS_TEST_PG_BIN"

DB_NAME = "klachtwijs"
DIR_PREFIX = "klachtwijs-pg-"
PORT_RANGE = (15000, 30000)
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}

_lock = threading.RLock()
_owner_pid: int | None = None  # pid of the process that started the cluster and must stop it


class ClusterError(RuntimeError):
    pass


# --- finding the binaries ---------------------------------------------------------------------


def _version_key(path: str) -> tuple[int, ...]:
    match = re.search(r"/postgresql/([\d.]+)/bin", path)
    return tuple(int(p) for p in match.group(1).split(".") if p) if match else (0,)


def find_bindir() -> Path:
    """Folder holding initdb and pg_ctl: the newest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key, reverse=True
    )
    for initdb in candidates:
        bindir = Path(initdb).parent
        if os.access(initdb, os.X_OK) and os.access(bindir / "pg_ctl", os.X_OK):
            return bindir
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    raise ClusterError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found; run scripts/install-system-deps.sh"
    )


def server_version(bindir: Path | None = None) -> str:
    """Major version of the server binaries, such as "15"."""
    bindir = bindir or _bindir()
    out = subprocess.run(
        [str(bindir / "pg_ctl"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return match.group(1) if match else "?"


# --- running commands as the right user ---------------------------------------------------------


def _as_root() -> bool:
    return os.geteuid() == 0


def _run(args: list[str], *, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run a server command; as root through `runuser -u postgres` (initdb refuses root)."""
    cmd = [str(a) for a in args]
    if _as_root():
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"
        cmd = [runuser, "-u", "postgres", "--", *cmd]
    result = subprocess.run(
        cmd, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise ClusterError(
            f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result


# --- state of the cluster this plugin manages ---------------------------------------------------


def _base_dir() -> Path | None:
    value = os.environ.get(DIR_VAR)
    return Path(value) if value else None


def _bindir() -> Path:
    value = os.environ.get(BIN_VAR)
    return Path(value) if value else find_bindir()


def _data_dir(base: Path) -> Path:
    return base / "data"


def port() -> int | None:
    value = os.environ.get(PORT_VAR)
    return int(value) if value else None


def is_managed() -> bool:
    """True when this plugin started the cluster `DATABASE_URL` points at."""
    base = _base_dir()
    return base is not None and _data_dir(base).is_dir() and port() is not None


def _require_managed() -> Path:
    base = _base_dir()
    if base is None or not is_managed():
        raise ClusterError(
            "no test cluster managed by tests.pgcluster (run with KLACHTWIJS_TEST_POSTGRES=1 "
            "and DATABASE_URL unset)"
        )
    return base


def _server_options(base: Path, server_port: int) -> str:
    settings = " ".join(f"-c {key}={value}" for key, value in SERVER_SETTINGS.items())
    return f"-p {server_port} -k {base} {settings}"


def _log_tail(base: Path, lines: int = 30) -> str:
    try:
        return "\n".join((base / "server.log").read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def _pg_ctl_start(base: Path, server_port: int, bindir: Path) -> None:
    result = _run(
        [
            bindir / "pg_ctl",
            "-D",
            _data_dir(base),
            "-l",
            base / "server.log",
            "-o",
            _server_options(base, server_port),
            "-w",
            "-t",
            "60",
            "start",
        ],
        cwd=base,
        check=False,
    )
    if result.returncode != 0:
        raise ClusterError(
            f"pg_ctl start failed on port {server_port}:\n{result.stdout}{result.stderr}\n"
            f"{_log_tail(base)}"
        )


def _pg_ctl_stop(base: Path, bindir: Path, mode: str) -> None:
    if not (_data_dir(base) / "postmaster.pid").exists():
        return
    _run(
        [bindir / "pg_ctl", "-D", _data_dir(base), "-m", mode, "-w", "-t", "60", "stop"],
        cwd=base,
        check=False,
    )


# --- public helpers for fault tests --------------------------------------------------------------


def stop_cluster(mode: str = "fast") -> None:
    """Stop the managed server. `mode` is pg_ctl's: "smart", "fast" or "immediate" (a crash)."""
    with _lock:
        base = _require_managed()
        _run(
            [_bindir() / "pg_ctl", "-D", _data_dir(base), "-m", mode, "-w", "-t", "60", "stop"],
            cwd=base,
        )


def start_cluster() -> None:
    """Start the managed server again on the same port (it keeps its data)."""
    with _lock:
        base = _require_managed()
        _pg_ctl_start(base, port(), _bindir())


def restart_cluster(mode: str = "fast") -> None:
    """Stop and start the managed server; open connections are broken."""
    with _lock:
        base = _require_managed()
        if (_data_dir(base) / "postmaster.pid").exists():
            stop_cluster(mode)
        _pg_ctl_start(base, port(), _bindir())


def cluster_running() -> bool:
    """True when the managed server is up (pg_ctl status)."""
    base = _base_dir()
    if base is None or not is_managed():
        return False
    result = _run([_bindir() / "pg_ctl", "-D", _data_dir(base), "status"], cwd=base, check=False)
    return result.returncode == 0


# --- creating and removing the cluster ------------------------------------------------------------


def _port_free(candidate: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", candidate))
        except OSError:
            return False
    return True


def _pick_port(rng: random.Random) -> int:
    for _ in range(200):
        candidate = rng.randint(*PORT_RANGE)
        if _port_free(candidate):
            return candidate
    raise ClusterError(f"no free TCP port in {PORT_RANGE[0]}-{PORT_RANGE[1]} on 127.0.0.1")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_clusters(bindir: Path) -> None:
    """Stop and remove clusters left behind by test runs that were killed (SIGKILL, OOM)."""
    for path in glob.glob(os.path.join(tempfile.gettempdir(), DIR_PREFIX + "*")):
        base = Path(path)
        try:
            owner = int((base / "owner.pid").read_text().strip())
        except (OSError, ValueError):
            continue
        if _pid_alive(owner):
            continue
        with contextlib.suppress(Exception):
            _pg_ctl_stop(base, bindir, "immediate")
        shutil.rmtree(base, ignore_errors=True)


def _initdb(bindir: Path, base: Path) -> None:
    common = [bindir / "initdb", "-D", _data_dir(base), "-U", "postgres", "--auth=trust"]
    common += ["-E", "UTF8", "--no-sync"]
    result = _run([*common, "--locale=C.UTF-8"], cwd=base, check=False)
    if result.returncode != 0:
        shutil.rmtree(_data_dir(base), ignore_errors=True)
        _run([*common, "--locale=C"], cwd=base)


def _shutdown() -> None:
    """Stop the server and remove its folder; only in the process that started it. Idempotent."""
    global _owner_pid
    with _lock:
        if _owner_pid != os.getpid():
            return
        _owner_pid = None
        base = _base_dir()
        if base is None:
            return
        with contextlib.suppress(Exception):
            _pg_ctl_stop(base, _bindir(), "immediate")
        shutil.rmtree(base, ignore_errors=True)


def _on_sigterm(signum, frame):  # pragma: no cover - exercised by killing the run
    _shutdown()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def start_test_cluster() -> str:
    """Create and start a cluster; set and return DATABASE_URL."""
    global _owner_pid
    bindir = find_bindir()
    _remove_stale_clusters(bindir)

    base = Path(tempfile.mkdtemp(prefix=DIR_PREFIX, dir=tempfile.gettempdir()))
    os.chmod(base, 0o700)
    (base / "owner.pid").write_text(str(os.getpid()))
    _owner_pid = os.getpid()
    os.environ[DIR_VAR] = str(base)
    os.environ[BIN_VAR] = str(bindir)
    atexit.register(_shutdown)
    if threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)
    ):
        signal.signal(signal.SIGTERM, _on_sigterm)

    try:
        if _as_root():
            shutil.chown(base, "postgres", "postgres")
        _initdb(bindir, base)
        rng = random.Random()
        last_error: ClusterError | None = None
        for _ in range(5):  # another process may grab the port between the check and the start
            server_port = _pick_port(rng)
            try:
                _pg_ctl_start(base, server_port, bindir)
            except ClusterError as exc:
                last_error = exc
                continue
            break
        else:
            raise last_error or ClusterError("could not start PostgreSQL")
    except BaseException:
        _shutdown()
        for var in (DIR_VAR, BIN_VAR):
            os.environ.pop(var, None)
        raise

    url = f"postgres://postgres@127.0.0.1:{server_port}/{DB_NAME}"
    os.environ[PORT_VAR] = str(server_port)
    os.environ["DATABASE_URL"] = url
    print(
        f"PostgreSQL {server_version(bindir)} test cluster on 127.0.0.1:{server_port}",
        file=sys.stderr,
    )
    return url


def _wanted() -> bool:
    enabled = os.environ.get(ENABLE_VAR, "").strip().lower() not in ("", "0", "false", "no", "off")
    return (
        enabled and not os.environ.get("DATABASE_URL") and not os.environ.get("PYTEST_XDIST_WORKER")
    )


if _wanted():
    start_test_cluster()


# --- pytest hooks -------------------------------------------------------------------------------


def pytest_report_header(config):
    if is_managed() and _owner_pid == os.getpid():
        return f"database: throwaway PostgreSQL cluster on 127.0.0.1:{port()}"
    return None


def pytest_unconfigure(config):
    _shutdown()
