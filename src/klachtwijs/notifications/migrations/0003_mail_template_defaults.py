"""Copy our default mail texts into the database, where the organisation can edit them."""

from pathlib import Path

from django.db import migrations

MAIL_DIR = Path(__file__).resolve().parent.parent / "templates" / "notifications" / "mail"
KINDS = {
    "acknowledgement": "Ontvangstbevestiging aan de ouder",
    "message": "Voortgangsbericht aan de ouder",
    "link_resend": "Privélink opnieuw sturen",
    "new_feedback_notice": "Melding nieuwe klantreactie (afdeling kwaliteit)",
    "parent_info_notice": "Melding aanvulling van de ouder (behandelaar)",
}


def _read(name: str) -> str:
    path = MAIL_DIR / name
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _unwrap(text: str) -> str:
    """Our files wrap plain text in autoescape off; the database texts are plain already."""
    text = text.replace("{% autoescape off %}", "", 1)
    head, sep, _tail = text.rpartition("{% endautoescape %}")
    return head if sep else text


def seed(apps, schema_editor):
    MailTemplate = apps.get_model("notifications", "MailTemplate")
    for kind, description in KINDS.items():
        MailTemplate.objects.get_or_create(
            kind=kind,
            defaults={
                "description": description,
                "subject": " ".join(_read(f"{kind}.subject.txt").split()),
                "body_text": _unwrap(_read(f"{kind}.txt")),
                "body_html": _read(f"{kind}.html"),
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("notifications", "MailTemplate").objects.filter(kind__in=KINDS).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_mail_template")]
    operations = [migrations.RunPython(seed, unseed)]
