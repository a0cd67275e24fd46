"""The reply address of a mail to a parent: `antwoord+<token>@domain` (plus-addressing).

The token names the dossier and is signed, so nobody can make one for another dossier: the
dossier's id (base 36) and a signature over its id and reference, made with Django's signing
(`django.core.signing.Signer`, the project's SECRET_KEY and a salt of its own, so no other
signature of the product can stand in for it). Mail servers may lower-case the local part,
so the signature is written in lower-case base 32. Off while `KLACHTWIJS_REPLY_ADDRESS` is
empty. The mail-in door (`klachtwijs.mailin`) reads it back with `reply_token_read`.
"""

import base64
import re

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "klachtwijs.notifications.reply"
SIGNATURE_CHARS = 20  # base 32: 100 bits
TOKEN = re.compile(r"^([0-9a-z]{1,13})-([a-z2-7]{" + str(SIGNATURE_CHARS) + r"})$")


def reply_address_setting() -> str:
    """The organisation's reply mailbox (`KLACHTWIJS_REPLY_ADDRESS`), or "" when off."""
    return (getattr(settings, "KLACHTWIJS", {}).get("REPLY_ADDRESS") or "").strip()


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def _signatures(feedback_id: int, reference: str) -> list[str]:
    """The signature with the current key, then with each fallback key (key rotation)."""
    signer = signing.Signer(salt=SALT, algorithm="sha256")
    value = f"{feedback_id}:{reference}"
    result = []
    for key in [signer.key, *signer.fallback_keys]:
        raw = signing.b64_decode(signer.signature(value, key).encode())
        result.append(base64.b32encode(raw).decode().lower()[:SIGNATURE_CHARS])
    return result


def reply_token(feedback) -> str:
    """The token of this dossier (`feedback`: anything with `pk` and `reference`)."""
    return f"{_base36(feedback.pk)}-{_signatures(feedback.pk, feedback.reference)[0]}"


def reply_address(feedback) -> str:
    """`antwoord+<token>@domain` for this dossier, or "" when the setting is empty."""
    mailbox = reply_address_setting()
    if not mailbox or "@" not in mailbox:
        return ""
    local, domain = mailbox.rsplit("@", 1)
    return f"{local}+{reply_token(feedback)}@{domain}"


def reply_token_id(token: str) -> int | None:
    """The dossier id a well-formed token claims (not yet checked), else None."""
    match = TOKEN.match((token or "").strip().lower())
    return int(match.group(1), 36) if match else None


def reply_token_valid(token: str, feedback) -> bool:
    """Is `token` this dossier's own signed token? Compared in constant time."""
    match = TOKEN.match((token or "").strip().lower())
    if match is None or int(match.group(1), 36) != feedback.pk:
        return False
    given = match.group(2)
    return any(
        constant_time_compare(given, s) for s in _signatures(feedback.pk, feedback.reference)
    )


def reply_tokens_in(addresses: list[str]) -> list[str]:
    """The tokens in `addresses` that are plus-addresses of our reply mailbox (any case)."""
    mailbox = reply_address_setting().lower()
    if "@" not in mailbox:
        return []
    local, domain = mailbox.rsplit("@", 1)
    pattern = re.compile(rf"^{re.escape(local)}\+([^@]+)@{re.escape(domain)}$")
    tokens = []
    for address in addresses:
        match = pattern.match(address.strip().lower())
        if match:
            tokens.append(match.group(1))
    return tokens
