"""Issue 13, items 7 and 12b.

- `Feedback.kind_by_parent`: what the parent called the klantreactie, kept when it is registered
  as another kind (LEGAL.md R6); existing dossiers get their current kind.
- `RegulationAdvice`: each body's advice or consent on a regulation version on its own row
  (LEGAL.md H8), moved from the single advice fields; `Regulation.published_at/by`: versions
  that were on the public page stay published.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F
from django.utils import timezone

BODY_BY_KIND = {"advice": "klantpanel", "consent": "clientenraad"}


def forwards(apps, schema_editor):
    Feedback = apps.get_model("feedback", "Feedback")
    Feedback.objects.update(kind_by_parent=F("kind"))
    Regulation = apps.get_model("feedback", "Regulation")
    RegulationAdvice = apps.get_model("feedback", "RegulationAdvice")
    for regulation in Regulation.objects.all():
        if regulation.advice_on is not None:
            kind = regulation.advice_kind or "advice"
            by = (regulation.advice_by or "").casefold()
            if "oudercommissie" in by:
                body = "oudercommissie"
            elif "nten" in by and "raad" in by:  # cliëntenraad, clientenraad
                body = "clientenraad"
            else:
                body = BODY_BY_KIND[kind]
            text = regulation.advice_text
            if regulation.advice_by:
                text = f"{regulation.advice_by}: {text}".strip().rstrip(":")
            RegulationAdvice.objects.create(
                regulation=regulation, kind=kind, body=body, on=regulation.advice_on, text=text
            )
        # Every existing version was already on the public page.
        regulation.published_at = regulation.published_at or timezone.now()
        regulation.save(update_fields=["published_at"])
    if schema_editor.connection.vendor == "postgresql":
        # The rows above are checked now, so the ALTER TABLEs below meet no pending triggers.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def backwards(apps, schema_editor):
    Regulation = apps.get_model("feedback", "Regulation")
    for regulation in Regulation.objects.all():
        advice = regulation.advices.order_by("on", "pk").first()
        if advice is not None:
            regulation.advice_kind, regulation.advice_on = advice.kind, advice.on
            regulation.advice_by, regulation.advice_text = advice.get_body_display(), advice.text
            regulation.save()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0009_submitter_role_age_band"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="kind_by_parent",
            field=models.CharField(
                choices=[
                    ("complaint", "klacht"),
                    ("suggestion", "verbeterpunt"),
                    ("compliment", "compliment"),
                    ("signal", "vraag of signaal"),
                ],
                default="",
                editable=False,
                max_length=12,
                verbose_name="soort volgens de ouder",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="regulation",
            name="published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="gepubliceerd op"
            ),
        ),
        migrations.AddField(
            model_name="regulation",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="gepubliceerd door",
            ),
        ),
        migrations.CreateModel(
            name="RegulationAdvice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("advice", "advies (Wet kinderopvang)"),
                            ("consent", "instemming (Jeugdwet)"),
                        ],
                        max_length=10,
                        verbose_name="advies of instemming",
                    ),
                ),
                (
                    "body",
                    models.CharField(
                        choices=[
                            ("oudercommissie", "oudercommissie"),
                            ("klantpanel", "klantpanel (centrale oudercommissie)"),
                            ("clientenraad", "cliëntenraad"),
                        ],
                        max_length=20,
                        verbose_name="gegeven door",
                    ),
                ),
                ("on", models.DateField(verbose_name="datum")),
                ("text", models.TextField(blank=True, verbose_name="advies of toelichting")),
                (
                    "regulation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="advices",
                        to="feedback.regulation",
                    ),
                ),
            ],
            options={
                "verbose_name": "advies of instemming",
                "verbose_name_plural": "adviezen en instemmingen",
                "ordering": ["on", "pk"],
            },
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="regulation", name="advice_by"),
        migrations.RemoveField(model_name="regulation", name="advice_kind"),
        migrations.RemoveField(model_name="regulation", name="advice_on"),
        migrations.RemoveField(model_name="regulation", name="advice_text"),
    ]
