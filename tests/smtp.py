"""A real SMTP server on loopback (aiosmtpd in a thread) for tests, and Django's settings that
point at it. Reusable: `from tests.smtp import SMTPServer` (or the `smtp` fixtures in
tests/notifications/conftest.py and tests/e2e/conftest.py).

    server = SMTPServer()           # a free port below 32768, not listening yet
    settings.update(server.django_settings())   # or override_settings(**...)
    server.start(); ...; server.wait_for(1); server.stop()

`server.hang = True` makes it a server that accepts a message's data and then never answers
(the hung messages are kept in `server.hung`, not in `messages`: they were not accepted).
"""

import asyncio
import email
import email.policy
import random
import socket
import threading
import time
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port(low: int = 20000, high: int = 32000) -> int:
    """A free TCP port below the kernel's ephemeral range (so no outgoing connection takes it
    between our check and the server's start)."""
    for _ in range(200):
        port = random.randint(low, high)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found")


class _Collector:
    def __init__(self, server: "SMTPServer"):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if self.server.hang:
            with self.server.lock:
                self.server.hung.append(message)
            while not self.server.closing:  # never answer; the client times out or dies
                await asyncio.sleep(0.1)
            return "421 Closing"
        with self.server.lock:
            self.server.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPServer:
    """An SMTP server that keeps every message it receives (as `EmailMessage`s)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.hung: list[EmailMessage] = []  # received while `hang` was on, never accepted
        self.hang = False
        self.closing = False
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def django_settings(self) -> dict[str, object]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> "SMTPServer":
        if self._controller is None:
            self._controller = Controller(_Collector(self), hostname=HOST, port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self.closing = True
            self._controller.stop()
            self.closing = False
            self._controller = None

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        """Wait until at least `count` messages arrived; return all of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        with self.lock:
            return list(self.messages)

    def __enter__(self) -> "SMTPServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# Fixtures: import them into a conftest (`from tests.smtp import smtp_down, smtp_server`).


@pytest.fixture
def smtp_down(settings):
    """An SMTP server whose port Django's mail settings point at, not yet listening:
    call `.start()` to bring it up. Stopped at the end of the test."""
    server = SMTPServer()
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


@pytest.fixture
def smtp_server(smtp_down):
    """A running SMTP server on loopback; Django (also a live server) sends its mail there."""
    return smtp_down.start()
