"""The outbox keeps its own attachment rows: the files of unsent mail move from the old
`attachment_ids` (dossier documents) and from `reports.ReportSending` (the annual report PDF)
into `OutboxAttachment`, so the sender needs nothing of the apps that queue mail."""

import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Message = apps.get_model("notifications", "OutboxMessage")
    Attachment = apps.get_model("notifications", "OutboxAttachment")
    Document = apps.get_model("feedback", "Document")
    Sending = apps.get_model("reports", "ReportSending")
    rows = []
    for message in Message.objects.exclude(attachment_ids=[]).iterator():
        for document in Document.objects.filter(pk__in=message.attachment_ids):
            rows.append(
                Attachment(
                    message=message,
                    filename=document.filename,
                    content_type=document.content_type,
                    file=document.file.name,
                )
            )
    for sending in Sending.objects.filter(message__isnull=False, file__isnull=False):
        name = sending.file.file.name.rsplit("/", 1)[-1]
        rows.append(
            Attachment(
                message_id=sending.message_id,
                filename=name,
                content_type="application/pdf",
                file=sending.file.file.name,
            )
        )
    Attachment.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_moments"),
        ("feedback", "0008_submission_fingerprint"),
        ("reports", "0001_annual_report"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutboxAttachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("filename", models.CharField(max_length=200, verbose_name="bestandsnaam")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("file", models.FileField(max_length=255, upload_to="", verbose_name="bestand")),
                ("message", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="attachments", to="notifications.outboxmessage")),
            ],
            options={"verbose_name": "bijlage", "verbose_name_plural": "bijlagen", "ordering": ["pk"]},
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="outboxmessage", name="attachment_ids"),
    ]
