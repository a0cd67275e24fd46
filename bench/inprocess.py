"""Per-request worker time of the benchmark's pages, measured inside one process.

The wrk figures of `make bench` are throughput on a shared machine; this measures the same
pages (probe.py's URLs, the same signed-in quality officer) by calling Django's WSGI handler
directly, with every middleware, so changes can be compared A/B in one run:

    DATABASE_URL=postgres://… DJANGO_SETTINGS_MODULE=settings_bench SECRET_KEY=… DEBUG=false \
        ALLOWED_HOSTS=127.0.0.1 PYTHONPATH=bench:src python bench/inprocess.py [-n 200] \
        [--profile list] [--pages list,dossier]

Prints per page: median and p90 milliseconds (wall), the median CPU time of this process (the
worker's own share, less disturbed by other load on a shared machine), queries per request and
the wall time spent in them.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
import urllib.parse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings_bench")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django  # noqa: E402

django.setup()

import probe  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402

HOST = "127.0.0.1"
PAGES = ("form_get", "form_post", "list", "list_filtered", "dossier", "api_list", "search")


class Counter:
    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def call(app, path: str, *, cookie: str = "", data: bytes | None = None):
    parts = urllib.parse.urlsplit(path)
    environ = {
        "REQUEST_METHOD": "POST" if data is not None else "GET",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": HOST,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data or b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if data is not None:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(data))
    status_headers = {}

    def start_response(status, headers, exc_info=None):
        status_headers["status"] = int(status.split()[0])
        status_headers["headers"] = headers

    body = b"".join(app(environ, start_response))
    return status_headers["status"], body, status_headers["headers"]


def form_post_request(app):
    status, body, headers = call(app, "/klantreactie/")
    page = body.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    place = re.search(r'<option value="(\d+:\d+)"', page).group(1)
    csrf = next(v.strip().split(";")[0].split("=", 1)[1] for k, v in headers
                if k == "Set-Cookie" and v.strip().startswith("csrftoken="))  # fmt: skip
    fields = {
        "csrfmiddlewaretoken": token, "kind": "complaint", "place": place,
        "description": "Het hek van de buitenruimte stond open toen ik mijn kind bracht.",
        "submitter_name": "Ouder Benchmark", "submitter_email": "ouder@example.invalid",
        "contact_preference": "email", "submitter_role": "parent", "age_band": "under_12",
        "privacy": "on", "website": "", "submission_key": "",
        "upload_token": "",
    }  # fmt: skip
    return urllib.parse.urlencode(fields).encode(), f"csrftoken={csrf}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--profile", default="")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    args = parser.parse_args()
    prepared = probe.prepare()
    urls, cookie = prepared["urls"], prepared["cookie"]
    app = WSGIHandler()
    for name in args.pages.split(","):
        data, page_cookie = None, "" if name == "form_get" else cookie
        path = urls.get(name)
        if name == "form_post":
            data, page_cookie = form_post_request(app)
            path = "/klantreactie/"
        expect = (302, 303) if name == "form_post" else (200,)
        for _ in range(max(3, args.n // 10)):  # warm-up
            status, body, _ = call(app, path, cookie=page_cookie, data=data)
            if status not in expect:
                sys.exit(f"{name}: HTTP {status}\n{body[:2000].decode(errors='replace')}")
        times, cpu, counter = [], [], Counter()
        profile = cProfile.Profile() if name == args.profile else None
        with connection.execute_wrapper(counter):
            for _ in range(args.n):
                started, started_cpu = time.perf_counter(), time.process_time()
                if profile:
                    profile.enable()
                call(app, path, cookie=page_cookie, data=data)
                if profile:
                    profile.disable()
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
        times.sort()
        print(f"{name:14} median {1000 * statistics.median(times):6.2f} ms  "
              f"p90 {1000 * times[int(0.9 * len(times))]:6.2f} ms  "
              f"cpu {1000 * statistics.median(cpu):6.2f} ms  "
              f"queries {counter.queries / args.n:5.1f}  "
              f"in db {1000 * counter.seconds / args.n:6.2f} ms", flush=True)  # fmt: skip
        if profile:
            stream = io.StringIO()
            pstats.Stats(profile, stream=stream).sort_stats(args.sort).print_stats(args.lines)
            print(stream.getvalue())


if __name__ == "__main__":
    main()
