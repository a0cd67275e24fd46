"""Reading one mail: who it is for (the reply token), whether a machine wrote it, its own text
without the quoted history, and its attachments. Pure: bytes in, a `ParsedMail` out."""

import email
import email.policy
import hashlib
import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from django.utils.html import strip_tags

from klachtwijs.notifications.reply import reply_tokens_in

AUTO_REPLY = "auto_reply"
BOUNCE = "bounce"

# Where a reply's own text ends and the quoted mail begins (Dutch and English mail clients).
_QUOTE_HEADER = re.compile(
    r"^(On|Op|Am|Le)\b.{0,300}\b(wrote|schreef|schrieb|a écrit)\b.{0,40}:\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^-{2,}\s*(Original Message|Oorspronkelijk bericht|Origineel bericht|Forwarded message|"
    r"Doorgestuurd bericht)\s*-{2,}\s*$|^_{10,}\s*$",
    re.IGNORECASE,
)
_HEADER_BLOCK = re.compile(r"^(From|Van)\s*:", re.IGNORECASE)
_HEADER_NEXT = re.compile(r"^(Sent|Verzonden|Date|Datum|To|Aan)\s*:", re.IGNORECASE)
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatisch antwoord|automatic reply|auto(matic)?[ -]?reply|autoreply|"
    r"out of (the )?office|afwezig|niet aanwezig|auto:|abwesenheitsnotiz)",
    re.IGNORECASE,
)
_DAEMONS = {"mailer-daemon", "postmaster", "mail-daemon"}


@dataclass(frozen=True)
class MailFile:
    name: str
    content: bytes


@dataclass(frozen=True)
class ParsedMail:
    key: str  # SHA-256 of the Message-ID (or of the whole mail when it has none)
    sender: str
    subject: str
    text: str  # the parent's own words, quoted history removed
    tokens: list[str] = field(default_factory=list)  # reply tokens in its addresses
    files: list[MailFile] = field(default_factory=list)
    automatic: str = ""  # AUTO_REPLY, BOUNCE or "" (a person wrote it)


def message_key(message: EmailMessage, raw: bytes) -> str:
    message_id = (message.get("Message-ID") or "").strip()
    source = f"id:{message_id}".encode() if message_id else b"raw:" + raw
    return hashlib.sha256(source).hexdigest()


def automatic(message: EmailMessage) -> str:
    """BOUNCE for a delivery report, AUTO_REPLY for an out-of-office or other machine's
    answer (RFC 3834 and the headers mail programs use), "" for a person's mail."""
    content_type = message.get_content_type()
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    return_path = message.get("Return-Path")
    if content_type == "multipart/report" or sender.split("@")[0] in _DAEMONS:
        return BOUNCE
    if return_path is not None and str(return_path).strip() in ("<>", ""):
        return BOUNCE
    submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    if submitted and submitted != "no":
        return AUTO_REPLY
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return AUTO_REPLY
    if precedence in ("bulk", "auto_reply", "junk", "list"):
        return AUTO_REPLY
    if _AUTO_SUBJECT.match(str(message.get("Subject", ""))):
        return AUTO_REPLY
    return ""


def strip_quoted(text: str) -> str:
    """The reply's own text: up to the quoted mail ("Op … schreef:", "-----Original
    Message-----", an Outlook header block) or the signature ("-- "), without "> " lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    own: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if line == "-- " or _SEPARATOR.match(stripped) or _QUOTE_HEADER.match(stripped):
            break
        # "On Tue, 3 Dec 2026 at 10:00, Klachtwijs <…>" + "wrote:" on the next line
        if re.match(r"^(On|Op)\b", stripped) and re.match(
            r"^.{0,200}(wrote|schreef)\s*:\s*$", following, re.IGNORECASE
        ):
            break
        if _HEADER_BLOCK.match(stripped) and _HEADER_NEXT.match(following):
            break
        if stripped.startswith(">"):
            continue
        own.append(line.rstrip())
    return "\n".join(own).strip()


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeDecodeError):
        content = body.get_payload(decode=True).decode("utf-8", "replace")
    if body.get_content_type() == "text/html":
        content = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>", "\n", content)
        content = re.sub(r"(?is)<blockquote\b.*?</blockquote>", "", content)
        content = html.unescape(strip_tags(content))
        content = re.sub(r"\n{3,}", "\n\n", content)
    return content


def _files(message: EmailMessage) -> list[MailFile]:
    """Parts sent as attachments (not the inline images of a signature)."""
    files = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() != "attachment":
            continue
        content = part.get_payload(decode=True) or b""
        files.append(MailFile(name=part.get_filename() or "bijlage", content=content))
    return files


def _addresses(message: EmailMessage) -> list[str]:
    headers = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
    values = [str(v) for name in headers for v in message.get_all(name, [])]
    return [address for _name, address in getaddresses(values) if address]


def mail_parse(raw: bytes) -> ParsedMail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    kind = automatic(message)
    return ParsedMail(
        key=message_key(message, raw),
        sender=parseaddr(str(message.get("From", "")))[1][:250],
        subject=" ".join(str(message.get("Subject", "")).split())[:250],
        text="" if kind else strip_quoted(_body_text(message)),
        tokens=reply_tokens_in(_addresses(message)),
        files=[] if kind else _files(message),
        automatic=kind,
    )
