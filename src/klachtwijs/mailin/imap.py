"""The IMAP door: read the reply mailbox and hand each mail to `services.mail_receive`.

Exactly once: a mail is processed in one transaction that records its Message-ID
(`InboundMail.message_key`), then marked \\Seen and moved to the done folder ("Verwerkt").
A crash between the two leaves the mail in the inbox; the next run finds its Message-ID
recorded, changes nothing and moves it. A mail that fails to process stays in the inbox for
the next run (the log says which, never what it says).
"""

import contextlib
import imaplib
import logging
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError

from klachtwijs.mailin.services import mail_receive

logger = logging.getLogger(__name__)


class MailboxNotConfigured(Exception):
    """KLACHTWIJS_IMAP_HOST (or the reply address) is not set."""


@dataclass
class FetchReport:
    read: int = 0
    outcomes: dict[str, int] | None = None
    failed: int = 0


def imap_settings() -> dict[str, object]:
    product = getattr(settings, "KLACHTWIJS", {})
    return {
        "host": product.get("IMAP_HOST", ""),
        "port": int(product.get("IMAP_PORT", 993)),
        "user": product.get("IMAP_USER", ""),
        "password": product.get("IMAP_PASSWORD", ""),
        "ssl": str(product.get("IMAP_SSL", "ssl")).strip().lower(),
        "folder": product.get("IMAP_FOLDER", "INBOX") or "INBOX",
        "done": product.get("IMAP_DONE_FOLDER", "Verwerkt") or "Verwerkt",
        "reply_address": product.get("REPLY_ADDRESS", ""),
    }


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _connect(config: dict[str, object]) -> imaplib.IMAP4:
    host, port, mode = config["host"], config["port"], config["ssl"]
    if mode in ("ssl", "true", "1", "yes", "imaps"):
        context = ssl.create_default_context()
        connection = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=30)
    else:
        connection = imaplib.IMAP4(host, port, timeout=30)
        if mode == "starttls":
            connection.starttls(ssl_context=ssl.create_default_context())
        elif mode not in ("none", "false", "0", "no"):
            raise MailboxNotConfigured(f"KLACHTWIJS_IMAP_SSL: unknown value {mode!r}")
    connection.login(config["user"], config["password"])
    return connection


def _ok(result: tuple[str, list]) -> list:
    status, data = result
    if status != "OK":
        raise imaplib.IMAP4.error(f"IMAP answered {status}")
    return data


def _can_move(connection: imaplib.IMAP4) -> bool:
    """Does the server move (RFC 6851)? Asked after login: some list more then."""
    data = _ok(connection.capability())
    return b"MOVE" in (data[0] or b"").upper().split()


def _move_done(connection: imaplib.IMAP4, uid: bytes, done: str, *, move: bool) -> None:
    _ok(connection.uid("STORE", uid, "+FLAGS", "(\\Seen)"))
    if move:
        _ok(connection.uid("MOVE", uid, _quote(done)))
        return
    _ok(connection.uid("COPY", uid, _quote(done)))
    _ok(connection.uid("STORE", uid, "+FLAGS", "(\\Deleted)"))
    connection.expunge()


def mailbox_fetch(*, limit: int = 500) -> FetchReport:
    """Read up to `limit` mails from the configured folder, process each, move it to the
    done folder. Raises MailboxNotConfigured without a host or reply address, and the
    IMAP/network error when the mailbox cannot be read (the caller reports it)."""
    config = imap_settings()
    if not config["host"] or not config["reply_address"]:
        raise MailboxNotConfigured(
            "Zet KLACHTWIJS_IMAP_HOST en KLACHTWIJS_REPLY_ADDRESS om e-mail op te halen."
        )
    report = FetchReport(outcomes={})
    connection = _connect(config)
    try:
        connection.create(_quote(config["done"]))  # an error when it exists: fine
        move = _can_move(connection)
        _ok(connection.select(_quote(config["folder"])))
        uids = (_ok(connection.uid("SEARCH", None, "ALL"))[0] or b"").split()[:limit]
        for uid in uids:
            data = _ok(connection.uid("FETCH", uid, "(BODY.PEEK[])"))
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            if raw is None:
                continue
            report.read += 1
            try:
                mail = mail_receive(raw=raw)
            except IntegrityError:  # another reader recorded it at the same moment
                pass
            except Exception as exc:  # noqa: BLE001 - leave it for the next run, say so
                report.failed += 1
                logger.warning(
                    "Mail uid %s not processed (%s); left in the inbox", uid, type(exc).__name__
                )
                continue
            else:
                report.outcomes[mail.outcome] = report.outcomes.get(mail.outcome, 0) + 1
            _move_done(connection, uid, config["done"], move=move)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()
    return report
