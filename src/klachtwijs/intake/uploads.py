"""Attachments from parents: checked by content, and held between a failed and a new POST.

A form with an error keeps what the parent attached: the files are stored under a random
token (a hidden field), so the parent need not attach them again. Held files older than a
day are removed whenever new ones are held.
"""

import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

MAX_FILES = 5
MAX_SIZE = 10 * 1024 * 1024
# The largest body a form with files can need: five files of 10 MB plus the text fields.
MAX_BODY = MAX_FILES * MAX_SIZE + 1024 * 1024
# Magic bytes at the start of the file decide the type, never the name or browser's claim.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
E_TOO_MANY = gettext_noop("U kunt hoogstens {max} bijlagen meesturen.")
E_TOO_BIG = gettext_noop("{name} is groter dan 10 MB.")
E_TYPE = gettext_noop("{name} is geen PDF, JPEG of PNG.")
HOLD_DIR = "intake-tmp"
HOLD_FOR = timedelta(days=1)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class Upload:
    """A checked file, ready to be stored in a dossier."""

    name: str
    content_type: str
    size: int
    path: str  # where it is held in default storage

    def open(self) -> File:
        return default_storage.open(self.path, "rb")


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes prove, or None if not PDF, JPEG or PNG."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def check(files, *, held: int = 0) -> tuple[list[tuple[File, str]], list[str]]:
    """THE check of a parent's files, for every door (the form, the status page, mail):
    each file at most MAX_SIZE and proven PDF, JPEG or PNG by its first bytes, at most
    MAX_FILES in all with the `held` ones. Returns the accepted (file, content type) pairs
    and, in Dutch, a message for each refused file (the files past the count: one message)."""
    accepted, errors = [], []
    for file in files:
        name = clean_name(file.name or "")
        if file.size > MAX_SIZE:
            errors.append(gettext(E_TOO_BIG).format(name=name))
            continue
        file.seek(0)
        content_type = sniff(file.read(16))
        file.seek(0)
        if content_type is None:
            errors.append(gettext(E_TYPE).format(name=name))
            continue
        accepted.append((file, content_type))
    if held + len(accepted) > MAX_FILES:
        accepted = accepted[: max(MAX_FILES - held, 0)]
        errors.append(gettext(E_TOO_MANY).format(max=MAX_FILES))
    return accepted, errors


def clean_name(name: str) -> str:
    """A safe display name: no folders, no control characters, not too long."""
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[\x00-\x1f<>:\"|?*]", "", name).strip() or "bijlage"
    return name[-120:]


def token_new() -> str:
    return secrets.token_urlsafe(32)


def _manifest(token: str) -> str:
    return f"{HOLD_DIR}/{token}/manifest.json"


def held(token: str) -> list[Upload]:
    """The files held under `token` (none for an unknown or malformed token)."""
    if not TOKEN.match(token or ""):
        return []
    name = _manifest(token)
    if not default_storage.exists(name):
        return []
    with default_storage.open(name, "rb") as handle:
        return [Upload(**item) for item in json.load(handle)]


def hold(token: str, files: list[tuple[File, str]], keep: list[Upload]) -> list[Upload]:
    """Store `files` ((file, content type) pairs, already checked) under `token`, after the
    already held `keep`; returns the full list now held."""
    if not TOKEN.match(token):
        raise ValueError("bad upload token")
    _purge_old()
    uploads = list(keep)
    for file, content_type in files:
        file.seek(0)
        path = default_storage.save(
            f"{HOLD_DIR}/{token}/{secrets.token_hex(8)}", ContentFile(file.read())
        )
        uploads.append(Upload(clean_name(file.name), content_type, file.size, path))
    manifest = _manifest(token)
    if default_storage.exists(manifest):
        default_storage.delete(manifest)
    default_storage.save(manifest, ContentFile(json.dumps([asdict(u) for u in uploads])))
    return uploads


def too_large(request: HttpRequest) -> bool:
    """More than five files of 10 MB is never a real form: refuse it without reading it."""
    return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY


@dataclass
class Posted:
    """A form POST's uploads: the token that holds them between attempts, the files still
    held from an earlier attempt (minus those the person removed), and the POST data with
    the token filled in, so the next attempt finds them again."""

    data: QueryDict
    token: str
    kept: list[Upload]
    removed: set[str]

    @classmethod
    def from_request(cls, request: HttpRequest) -> "Posted":
        data = request.POST.copy()
        token = data.get("upload_token", "")
        if not TOKEN.match(token):
            token = data["upload_token"] = token_new()
        removed = set(request.POST.getlist("remove_upload"))
        kept = [u for u in held(token) if u.path not in removed]
        return cls(data=data, token=token, kept=kept, removed=removed)

    def hold(self, new: list[tuple[File, str]]) -> list[Upload]:
        """Everything held now: the kept files plus the new ones the form accepted."""
        if new or self.removed:
            return hold(self.token, new, keep=self.kept)
        return self.kept


def release(token: str) -> None:
    """Remove everything held under `token` (after the dossier stored its own copies)."""
    if not TOKEN.match(token or ""):
        return
    folder = f"{HOLD_DIR}/{token}"
    if not default_storage.exists(folder):
        return
    for name in default_storage.listdir(folder)[1]:
        default_storage.delete(f"{folder}/{name}")


def _purge_old() -> None:
    if not default_storage.exists(HOLD_DIR):
        return
    limit = timezone.now() - HOLD_FOR
    for folder in default_storage.listdir(HOLD_DIR)[0]:
        manifest = _manifest(folder)
        if default_storage.exists(manifest) and default_storage.get_modified_time(manifest) < limit:
            release(folder)
