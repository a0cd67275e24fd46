"""What was sent with an `Idempotency-Key`, so the same key with another body is refused."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0007_event_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="submission_fingerprint",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
    ]
