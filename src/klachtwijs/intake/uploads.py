"""Attachments from parents: checked by content, and held between a failed and a new POST.

A form with an error keeps what the parent attached: the files are stored under a random
token (a hidden field), so the parent need not attach them again. What a failed form may hold
is capped per client address and in total (`KLACHTWIJS["UPLOAD_HOLD_PER_ADDRESS"]`,
`["UPLOAD_HOLD_TOTAL"]`, in bytes), so nobody fills the disk by posting broken forms. Held files
are removed `HOLD_FOR` after they were held: by the worker's sweep (`tasks.held_uploads_purge`,
every `SWEEP_EVERY`, so within the hour) and whenever new ones are held. A held file's stored
name is random with the extension of its detected type, never the parent's name.
"""

import contextlib
import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
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
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
E_TOO_MANY = gettext_noop("U kunt hoogstens {max} bijlagen meesturen.")
E_TOO_BIG = gettext_noop("{name} is groter dan 10 MB.")
E_TYPE = gettext_noop("{name} is geen PDF, JPEG of PNG.")
HOLD_DIR = "intake-tmp"
HOLD_FOR = timedelta(minutes=45)
SWEEP_EVERY = timedelta(minutes=15)  # HOLD_FOR + SWEEP_EVERY: gone within the hour
HOLD_DEFAULTS = {"UPLOAD_HOLD_PER_ADDRESS": 5 * MAX_SIZE, "UPLOAD_HOLD_TOTAL": 1024 * 1024 * 1024}
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class Upload:
    """A checked file, ready to be stored in a dossier."""

    name: str
    content_type: str
    size: int
    path: str  # where it is held in default storage
    held_at: str = ""  # ISO time it was held (the sweep's clock)

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


class HoldFull(Exception):
    """A failed form's files cannot be held now: the address's or the total cap is reached."""


def _cap(name: str) -> int:
    return int(getattr(settings, "KLACHTWIJS", {}).get(name, HOLD_DEFAULTS[name]))


def _held_total() -> int:
    """Bytes held for all failed forms together (after the old ones are purged)."""
    if not default_storage.exists(HOLD_DIR):
        return 0
    return sum(u.size for folder in default_storage.listdir(HOLD_DIR)[0] for u in held(folder))


def _reserve(address: str, size: int) -> None:
    """Count `size` bytes against the address (a window of HOLD_FOR) and the total; raise
    HoldFull, counting nothing, when either cap would be passed."""
    key = f"uploads-held:{address}"
    used = cache.get(key, 0)
    if used + size > _cap("UPLOAD_HOLD_PER_ADDRESS") or (
        _held_total() + size > _cap("UPLOAD_HOLD_TOTAL")
    ):
        raise HoldFull
    if not cache.add(key, size, timeout=int(HOLD_FOR.total_seconds())):
        try:
            cache.incr(key, size)
        except ValueError:  # expired in between
            cache.add(key, size, timeout=int(HOLD_FOR.total_seconds()))


def hold(
    token: str,
    files: list[tuple[File, str]],
    keep: list[Upload],
    *,
    address: str | None = None,
) -> list[Upload]:
    """Store `files` ((file, content type) pairs, already checked) under `token`, after the
    already held `keep`; returns the full list now held.

    With `address` (a form that failed: the files wait for the next attempt) the caps apply
    and HoldFull is raised when they are reached; without it (a valid form whose files go
    into the dossier at once) they do not."""
    if not TOKEN.match(token):
        raise ValueError("bad upload token")
    purge_old()
    if address is not None and files:
        _reserve(address, sum(file.size for file, _type in files))
    uploads = list(keep)
    for file, content_type in files:
        file.seek(0)
        name = f"{secrets.token_hex(8)}{EXTENSIONS.get(content_type, '.bin')}"
        path = default_storage.save(f"{HOLD_DIR}/{token}/{name}", ContentFile(file.read()))
        held_at = timezone.now().isoformat()
        uploads.append(Upload(clean_name(file.name), content_type, file.size, path, held_at))
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

    full: bool = False

    def hold(self, new: list[tuple[File, str]], *, address: str | None = None) -> list[Upload]:
        """Everything held now: the kept files plus the new ones the form accepted. With
        `address` (the form failed) the caps apply: when full, the new files are not held and
        `full` is set, so the form can say so."""
        if new or self.removed:
            try:
                return hold(self.token, new, keep=self.kept, address=address)
            except HoldFull:
                self.full = True
                return hold(self.token, [], keep=self.kept)
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
    with contextlib.suppress(OSError):
        default_storage.delete(folder)  # the empty folder (file system storage)


def purge_old() -> int:
    """Remove what failed forms hold for longer than HOLD_FOR; returns for how many forms.
    (A folder without a manifest is a hold that broke off half-way: removed as well.)"""
    if not default_storage.exists(HOLD_DIR):
        return 0
    limit = timezone.now() - HOLD_FOR
    purged = 0
    for folder in default_storage.listdir(HOLD_DIR)[0]:
        times = [datetime.fromisoformat(u.held_at) for u in held(folder) if u.held_at]
        if not times:  # no manifest (a hold that broke off) or from before held_at
            names = default_storage.listdir(f"{HOLD_DIR}/{folder}")[1]
            times = [default_storage.get_modified_time(f"{HOLD_DIR}/{folder}/{n}") for n in names]
        if max(times, default=limit) <= limit:
            release(folder)
            purged += 1
    return purged
