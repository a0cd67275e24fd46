"""A real IMAP server on loopback for tests: Debian's Dovecot (`/usr/sbin/dovecot`, package
dovecot-imapd) with its own config in a temporary folder, run in the foreground as the
current user (as root: Dovecot's own unprivileged users), no TLS, one test mailbox with a
plain-text password. Started once per test session (per xdist worker) by `imap_server`;
`imap_mailbox` empties the mailbox and points Django's settings at it for one test.

    imap_mailbox.append(raw_bytes)          # deliver a mail (IMAP APPEND)
    call_command("fetch_mail")
    imap_mailbox.count("INBOX"), imap_mailbox.count("Verwerkt")
"""

import contextlib
import grp
import imaplib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.smtp import HOST, free_port

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "klachten", "geheim-imap-test"
REPLY_ADDRESS = "antwoord@klachten.example.nl"
DONE = "Verwerkt"

CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = {host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:{base}/mail/%u
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {base}/passwd
}}
userdb {{
  driver = passwd-file
  args = {base}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
"""


def _users() -> tuple[str, str, str, int, int]:
    """(internal user, its group, login user, mail uid, mail gid). Dovecot refuses to log in
    or deliver as root: as root, its own system users and `nobody` stand in."""
    if os.getuid() != 0:
        me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
        return me, group, me, os.getuid(), os.getgid()
    nobody = pwd.getpwnam("nobody")
    return "dovecot", "dovecot", "dovenull", nobody.pw_uid, nobody.pw_gid


class IMAPServer:
    def __init__(self) -> None:
        if not Path(DOVECOT).exists():
            pytest.skip("Dovecot is not installed (scripts/install-system-deps.sh)")
        self.host, self.port = HOST, free_port()
        self.base = Path(tempfile.mkdtemp(prefix="klachtwijs-imap-"))
        self.base.chmod(0o755)  # the login and mail processes run as other users
        self.process: subprocess.Popen | None = None

    def start(self) -> "IMAPServer":
        internal, group, login, uid, gid = _users()
        for sub in ("run", "state", "mail", "home"):
            (self.base / sub).mkdir()
        for sub in ("mail", "home"):
            os.chown(self.base / sub, uid, gid)
        (self.base / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{self.base}/home\n"
        )
        config = self.base / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                base=self.base,
                host=self.host,
                port=self.port,
                internal_user=internal,
                internal_group=group,
                login_user=login,
            )
        )
        check = subprocess.run(  # noqa: S603 - our own config
            [DOVECOT, "-n", "-c", str(config)], capture_output=True, text=True, check=False
        )
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(  # noqa: S603
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                with self.connect():
                    return self
            except (OSError, imaplib.IMAP4.error):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"Dovecot did not start: {self.log()}") from None
                time.sleep(0.1)

    def log(self) -> str:
        path = self.base / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
        shutil.rmtree(self.base, ignore_errors=True)

    @contextlib.contextmanager
    def connect(self):
        connection = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            connection.login(USER, PASSWORD)
            yield connection
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                connection.logout()

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a mail the way a mail program stores one: IMAP APPEND."""
        with self.connect() as connection:
            status, data = connection.append(folder, None, None, raw)
            assert status == "OK", data

    def count(self, folder: str = "INBOX") -> int:
        with self.connect() as connection:
            status, data = connection.select(f'"{folder}"', readonly=True)
            return int(data[0]) if status == "OK" else 0

    def clear(self) -> None:
        """Empty the inbox and the done folder."""
        with self.connect() as connection:
            for folder in ("INBOX", DONE):
                if connection.select(f'"{folder}"')[0] != "OK":
                    continue
                status, data = connection.search(None, "ALL")
                if data and data[0]:
                    connection.store(b",".join(data[0].split()), "+FLAGS", "(\\Deleted)")
                    connection.expunge()
                connection.close()

    def django_settings(self) -> dict[str, object]:
        """The KLACHTWIJS entries that point `klachtwijs fetch_mail` here."""
        return {
            "REPLY_ADDRESS": REPLY_ADDRESS,
            "IMAP_HOST": self.host,
            "IMAP_PORT": self.port,
            "IMAP_USER": USER,
            "IMAP_PASSWORD": PASSWORD,
            "IMAP_SSL": "none",
            "IMAP_FOLDER": "INBOX",
            "IMAP_DONE_FOLDER": DONE,
        }


@pytest.fixture(scope="session")
def imap_server():
    """One Dovecot for the whole session (per xdist worker)."""
    server = IMAPServer().start()
    yield server
    server.stop()


@pytest.fixture
def imap_mailbox(imap_server, settings):
    """The session's Dovecot, emptied, with Django's settings pointing at it."""
    imap_server.clear()
    settings.KLACHTWIJS = {**settings.KLACHTWIJS, **imap_server.django_settings()}
    return imap_server
