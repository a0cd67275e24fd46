"""`make bench`: Klachtwijs under load on a throwaway PostgreSQL cluster, against a floor.

For each size (10,000 / 100,000 / 1,000,000 dossiers; `--sizes`, or `--quick` for 10,000):
a fresh database, `migrate`, `generate_data`, then gunicorn (2 sync workers) on loopback with
production settings, measured by wrk (16 connections, 2 threads) from a second process. The
same run serves a plain Django hello-world the same way: the floor every figure is compared
with, since the machines are shared and noisy. Results go to bench/results/<date>-<size>.json
and docs/benchmarks.md is written again from all results (bench/report.py).

Needs wrk (Debian package `wrk`; installed here with apt-get when missing and run as root)
and the PostgreSQL server binaries (`make deps`).
"""

# ruff: noqa: S603, S607 - a developer tool that runs local programs with fixed arguments

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))

import report  # noqa: E402
from cluster import Cluster  # noqa: E402

SIZES = [10_000, 100_000, 1_000_000]
PDF_MAX_SIZE = 10_000  # the annual report PDF is measured in the run of this size and below
WORKERS, CONNECTIONS, THREADS = 2, 16, 2
PORTS = (20000, 32000)  # below 32768, where the kernel picks wrk's own (ephemeral) ports


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- tools ---------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install it with `sudo apt-get install -y wrk`.")
    log("installing wrk (apt-get install -y wrk)")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or sys.exit("could not install wrk")


def free_port() -> int:
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(*PORTS)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


def run_measured(cmd: list, *, env: dict, cwd: Path, show_stderr: bool = False) -> dict:
    """Run a command to its end; its wall time, peak memory (wait4) and output."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(c) for c in cmd],
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=None if show_stderr else subprocess.STDOUT,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{text}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "output": text}  # fmt: skip


def probe_json(output: str) -> dict:
    line = next(x for x in output.splitlines() if x.startswith("PROBE_JSON "))
    return json.loads(line.removeprefix("PROBE_JSON "))


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1:<port>."""

    def __init__(self, app: str, *, env: dict, cwd: Path, name: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = cwd / f"gunicorn-{name}.log"
        cmd = [BIN / "gunicorn", "--workers", str(WORKERS), "--worker-class", "sync",
               "--bind", f"127.0.0.1:{self.port}", "--no-control-socket",
               "--pythonpath", str(BENCH), app]  # fmt: skip
        self.proc = subprocess.Popen(
            [str(c) for c in cmd], env=env, cwd=cwd,
            stdout=self.log_path.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            if len(self.workers()) == WORKERS:
                try:
                    http_request(self.base + "/", timeout=5)
                    return
                except OSError:
                    pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not start in time")

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def sample(self) -> None:
        """Note VmHWM (peak resident memory) of each live worker; called after each figure,
        so workers that gunicorn replaces (after its 30 s time-out) are counted too."""
        self.peaks = getattr(self, "peaks", {})
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
            self.peaks[pid] = max(self.peaks.get(pid, 0), round(kb / 1024, 1))

    def peak_memory_mb(self) -> list[float]:
        """The peak of every worker seen, highest first."""
        self.sample()
        return sorted(self.peaks.values(), reverse=True)

    def timeouts(self) -> int:
        """Workers gunicorn killed because a request took longer than its time-out."""
        return self.log_path.read_text(errors="replace").count("WORKER TIMEOUT")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def http_request(url: str, *, data: bytes | None = None, cookie: str = "", timeout=120):
    """(status, body, cookies set) of one request; redirects are not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    if data is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("POST" if data is not None else "GET", path, body=data, headers=headers)
        response = conn.getresponse()
        body = response.read().decode(errors="replace")
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, body, cookies
    finally:
        conn.close()


# --- measuring -------------------------------------------------------------------------------


def wrk(url: str, *, duration: int, method="GET", body="", cookie="") -> dict:
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_BODY": body, "BENCH_COOKIE": cookie}
    cmd = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{duration}s",
           "--timeout", "10s", "-s", str(BENCH / "wrk.lua"), url]  # fmt: skip
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "bad_status": raw["bad_status"],
        "socket_errors": raw["socket_errors"],
    }


def guarded(measurement, *args, **kwargs) -> dict:
    """A measurement that fails (a time-out, a crash of wrk) is reported, not fatal."""
    try:
        return measurement(*args, **kwargs)
    except (OSError, subprocess.SubprocessError, StopIteration, ValueError) as exc:
        return {"available": False, "reason": f"error: {type(exc).__name__}: {exc}"[:200]}


def measure(base: str, path: str | None, *, duration: int, cookie="", expect=(200,)) -> dict:
    """wrk against one page, after checking it exists: a 404 is "not available", not a crash."""
    if not path:
        return {"available": False, "reason": "no URL for this page yet"}
    status, _, _ = http_request(base + path, cookie=cookie)
    if status not in expect:
        reason = "not built yet (404)" if status == 404 else f"answers HTTP {status}"
        return {"available": False, "reason": reason, "path": path}
    wrk(base + path, duration=2, cookie=cookie)  # warm-up
    return {"available": True, "path": path, **wrk(base + path, duration=duration, cookie=cookie)}


def form_post(base: str, *, duration: int) -> dict:
    """The public form's POST: one GET for the CSRF cookie and token, then wrk sends the same
    valid form (without a submission key, so every request makes a new dossier)."""
    status, page, cookies = http_request(base + "/klantreactie/")
    if status != 200:
        return {"available": False, "reason": f"form answers HTTP {status}"}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    place = re.search(r'<option value="(\d+:\d+)"', page)
    csrf = cookies.get("csrftoken")
    if not (token and place and csrf):
        return {"available": False, "reason": "form has no CSRF token or no place to choose"}
    fields = {
        "csrfmiddlewaretoken": token.group(1), "kind": "complaint", "place": place.group(1),
        "description": "Het hek van de buitenruimte stond open toen ik mijn kind bracht.",
        "submitter_name": "Ouder Benchmark", "submitter_email": "ouder@example.invalid",
        "contact_preference": "email", "submitter_role": "parent", "age_band": "under_12",
        "privacy": "on", "website": "", "submission_key": "",
        "upload_token": "",
    }  # fmt: skip
    body = urllib.parse.urlencode(fields)
    cookie = f"csrftoken={csrf}"
    status, page, _ = http_request(base + "/klantreactie/", data=body.encode(), cookie=cookie)
    if status not in (302, 303):
        errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{3,120})', page)[:3]
        return {"available": False, "reason": f"test POST answered {status} {errors}"}
    url = base + "/klantreactie/"
    warm = wrk(url, duration=2, method="POST", body=body, cookie=cookie)
    result = wrk(url, duration=duration, method="POST", body=body, cookie=cookie)
    total = 1 + warm["requests"] + result["requests"]
    return {"available": True, "path": "/klantreactie/ (POST)", "requests_total": total, **result}


# --- one size --------------------------------------------------------------------------------


def bench_size(size: int, *, cluster: Cluster, base_env: dict, work: Path, duration: int) -> dict:
    result: dict = {"size": size, "started": datetime.now(UTC).isoformat(timespec="seconds")}
    env = {**base_env, "DATABASE_URL": cluster.createdb(f"bench_{size}")}
    kw = BIN / "klachtwijs"
    log(f"{size:,}: migrate")
    result["migrate"] = _strip(run_measured([kw, "migrate", "--noinput"], env=env, cwd=work))
    log(f"{size:,}: generate_data")
    gen_env = {**env, "PGOPTIONS": "-c synchronous_commit=off"}  # a bulk load, not a workload
    result["generate"] = _strip(
        run_measured([kw, "generate_data", "--dossiers", size], env=gen_env, cwd=work,
                     show_stderr=True)
    )  # fmt: skip
    log(f"{size:,}: generated in {result['generate']['seconds']} s")
    probe = [sys.executable, BENCH / "probe.py"]
    prepared = probe_json(run_measured([*probe, "prepare"], env=env, cwd=work)["output"])
    cookie, urls = prepared["cookie"], prepared["urls"]

    log(f"{size:,}: floor (hello world)")
    hello_env = {**base_env, "DJANGO_SETTINGS_MODULE": "hello.settings"}
    hello = Server("hello.wsgi:application", env=hello_env, cwd=work, name="hello")
    try:
        result["floor"] = guarded(measure, hello.base, "/", duration=duration)
        result["floor"]["worker_peak_mb"] = hello.peak_memory_mb()
    finally:
        hello.stop()

    app = Server("klachtwijs.wsgi:application", env=env, cwd=work, name=f"app-{size}")
    pages: dict = {}
    try:
        before = probe_json(run_measured([*probe, "count"], env=env, cwd=work)["output"])
        for name in ("form_get", "list", "list_filtered", "dossier", "api_list", "search"):
            log(f"{size:,}: {name}")
            public = name == "form_get"
            pages[name] = guarded(measure, app.base, urls.get(name), duration=duration,
                                  cookie="" if public else cookie)  # fmt: skip
            app.sample()
        log(f"{size:,}: form_post")
        pages["form_post"] = guarded(form_post, app.base, duration=duration)
        after = probe_json(run_measured([*probe, "count"], env=env, cwd=work)["output"])
        if pages["form_post"].get("available"):
            pages["form_post"]["dossiers_stored"] = after["dossiers"] - before["dossiers"]
            pages["form_post"]["acknowledgements_queued"] = (
                after["acknowledgements"] - before["acknowledgements"]
            )
        result["worker_peak_mb"] = app.peak_memory_mb()
        result["worker_timeouts"] = app.timeouts()
    finally:
        app.stop()
    result["pages"] = pages

    log(f"{size:,}: report figures")
    year = prepared["year"]
    try:
        run = run_measured([*probe, "figures", year], env=env, cwd=work)
        result["figures"] = {"year": year, **probe_json(run["output"]),
                             "process_peak_mb": run["peak_rss_mb"]}  # fmt: skip
    except (RuntimeError, StopIteration) as exc:
        result["figures"] = {"available": False, "reason": str(exc)[-300:]}
    if size <= PDF_MAX_SIZE:
        result["pdf"] = bench_pdf(year, cluster=cluster, base_env=base_env, work=work)
    with __import__("psycopg").connect(cluster.url("postgres"), autocommit=True) as conn:
        size_bytes = conn.execute(f"SELECT pg_database_size('bench_{size}')").fetchone()[0]
        result["database_mb"] = round(size_bytes / 2**20)
        conn.execute(f'DROP DATABASE "bench_{size}"')
    result["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return result


def bench_pdf(year: int, *, cluster: Cluster, base_env: dict, work: Path) -> dict:
    """The annual report PDF with its appendix for a year of about 10,000 dossiers, in a
    database of its own (report.PDF_DOSSIERS over three years)."""
    env = {**base_env, "DATABASE_URL": cluster.createdb("bench_pdf")}
    kw = BIN / "klachtwijs"
    probe = [sys.executable, BENCH / "probe.py"]
    try:
        log(f"PDF: generate_data {report.PDF_DOSSIERS:,}")
        run_measured([kw, "migrate", "--noinput"], env=env, cwd=work)
        run_measured([kw, "generate_data", "--dossiers", report.PDF_DOSSIERS, "--no-progress"],
                     env={**env, "PGOPTIONS": "-c synchronous_commit=off"}, cwd=work)  # fmt: skip
        counted = probe_json(run_measured([*probe, "year", year], env=env, cwd=work)["output"])
        log(f"PDF: annual report {year} ({counted['dossiers']:,} dossiers)")
        target = work / "report.pdf"
        run = run_measured(
            [kw, "annual_report", year, "--format", "pdf", "--output", target], env=env, cwd=work
        )
        return {"year": year, "dossiers_in_year": counted["dossiers"],
                "appendix_rows": counted["appendix_rows"], "seconds": run["seconds"],
                "peak_rss_mb": run["peak_rss_mb"], "bytes": target.stat().st_size}  # fmt: skip
    except (RuntimeError, StopIteration) as exc:
        return {"available": False, "reason": str(exc)[-300:]}
    finally:
        with __import__("psycopg").connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "bench_pdf"')


def _strip(run: dict) -> dict:
    return {k: v for k, v in run.items() if k != "output"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated, e.g. 10000,100000")
    parser.add_argument("--quick", action="store_true", help="10,000 dossiers only")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the docs")
    args = parser.parse_args()
    sizes = [10_000] if args.quick else SIZES
    if args.sizes:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    ensure_wrk()

    work = BENCH / "tmp"
    work.mkdir(exist_ok=True)
    base_env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "settings_bench",
        "PYTHONPATH": os.pathsep.join([str(BENCH), os.environ.get("PYTHONPATH", "")]),
        "KLACHTWIJS_STATIC_ROOT": str(work / "static"),
        "KLACHTWIJS_MEDIA_ROOT": str(work / "media"),
        "EMAIL_URL": "console:",
        "LOG_LEVEL": "WARNING",
    }
    base_env.pop("DATABASE_URL", None)
    log("collectstatic")
    run_measured([BIN / "klachtwijs", "collectstatic", "--noinput"], env=base_env, cwd=work)
    cluster = Cluster()
    cluster.start()
    log(f"PostgreSQL {cluster.version} on 127.0.0.1:{cluster.port}")
    machine = report.machine(postgres=cluster.version)
    try:
        for size in sizes:
            result = bench_size(
                size, cluster=cluster, base_env=base_env, work=work, duration=args.duration
            )
            result.update(machine=machine, duration_s=args.duration, connections=CONNECTIONS,
                          threads=THREADS, workers=WORKERS)  # fmt: skip
            path = BENCH / "results" / f"{datetime.now(UTC):%Y-%m-%d}-{size}.json"
            path.write_text(json.dumps(result, indent=2) + "\n")
            log(f"wrote {path.relative_to(ROOT)}")
    finally:
        cluster.stop()
    if not args.no_docs:
        report.write_docs()
        log("wrote docs/benchmarks.md")


if __name__ == "__main__":
    main()
