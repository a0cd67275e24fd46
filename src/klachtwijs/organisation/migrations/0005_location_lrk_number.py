import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organisation", "0004_meldcode_decider_and_head"),
    ]

    operations = [
        migrations.AddField(
            model_name="location",
            name="lrk_number",
            field=models.CharField(
                blank=True,
                help_text="Het nummer in het Landelijk Register Kinderopvang (9 cijfers). Niet nodig voor een vestiging met alleen jeugdhulp.",
                max_length=9,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{9}$", "Een LRK-nummer heeft 9 cijfers, bijvoorbeeld 123456789."
                    )
                ],
                verbose_name="LRK-nummer",
            ),
        ),
    ]
