"""Mails as parents' mail programs and mail servers write them, for the mail-in tests."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

PDF = b"%PDF-1.4\n% scan van de factuur\n"
EXE = b"MZ\x90\x00 not a pdf at all"


def reply(
    to: str,
    text: str,
    *,
    sender: str = "fleur@example.nl",
    subject: str = "Re: Wij hebben uw klacht ontvangen",
    files: list[tuple[str, bytes, str]] = (),
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = f"Fleur de Vries <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="mail.example.nl")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    for filename, content, content_type in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def bounce(to: str) -> bytes:
    """A delivery status notification (RFC 3464) from a mail server."""
    message = EmailMessage()
    message["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.nl>"
    message["To"] = to
    message["Subject"] = "Undelivered Mail Returned to Sender"
    message["Message-ID"] = make_msgid(domain="mx.example.nl")
    message.set_content("This is the mail system. Your message could not be delivered.")
    message.add_attachment(
        "Reporting-MTA: dns; mx.example.nl\n\nFinal-Recipient: rfc822; fleur@example.nl\n"
        "Action: failed\nStatus: 5.1.1\n",
        subtype="delivery-status",
    )
    message.replace_header("Content-Type", message["Content-Type"].replace("mixed", "report"))
    return message.as_bytes()
