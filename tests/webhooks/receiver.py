"""A real webhook receiver on loopback (http.server in a thread), for tests.

receiver = Receiver()          # a free port in this project's range, not listening yet
receiver.url                   # point a subscription at it
receiver.start(); receiver.stop()
receiver.requests              # what arrived: method, headers, body
receiver.verify(request, secret)  # checks the signature as docs/webhooks.md shows
"""

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.smtp import free_port

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def event(self) -> str:
        return self.headers["X-Klachtwijs-Event"]


def verify(request: Received, secret: str, *, tolerance: int = 300) -> bool:
    """The receiver's check, as in docs/webhooks.md: HMAC-SHA256 over "<t>.<body>"."""
    parts = dict(p.split("=", 1) for p in request.headers["X-Klachtwijs-Signature"].split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256
    ).hexdigest()
    fresh = abs(time.time() - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected, parts["v1"])


class Receiver:
    def __init__(self, status: int = 200) -> None:
        self.port = free_port(24000, 24999)
        self.status = status
        self.requests: list[Received] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.requests.append(Received(dict(self.headers.items()), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args) -> None:  # keep the test output quiet
                pass

        self._server = ThreadingHTTPServer((HOST, self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
