#!/usr/bin/env python3
"""The container health check: GET /health/<kind> of the web service on this host and exit 0
when it answers 200 (with a check name: when that check of /health/ready is ok).

Usage: klachtwijs-healthcheck ready | live | ready worker
The Host header is the first of ALLOWED_HOSTS, so the check passes Django's host validation
whatever name the site has; the port is the one KLACHTWIJS_BIND gives the web service.
"""

import json
import os
import sys
import urllib.error
import urllib.request


def main(kind: str = "ready", check: str | None = None) -> int:
    bind = os.environ.get("KLACHTWIJS_BIND", "127.0.0.1:8000")
    port = bind.rsplit(":", 1)[-1]
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",")]
    host = next((h.lstrip(".") for h in hosts if h and h != "*"), "localhost")
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL on loopback
        f"http://127.0.0.1:{port}/health/{kind}", headers={"Host": host}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except OSError as error:
        print(f"healthcheck: {error}", file=sys.stderr)
        return 1
    if check is None:
        return 0 if status == 200 else 1
    try:
        return 0 if json.loads(body)["checks"][check]["ok"] else 1
    except (ValueError, KeyError):
        print(f"healthcheck: no check {check!r} in the answer ({status})", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
