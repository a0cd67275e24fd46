"""The sector's usual categories (LEGAL.md, last section); the organisation may change them."""

from django.db import migrations

CATEGORIES = [
    ("Communicatie en informatie", False),
    ("Bejegening of gedrag van een medewerker", False),
    ("Pedagogisch handelen en zorg voor het kind", False),
    ("Veiligheid, gezondheid en hygiëne", False),
    ("Werkwijze of regel", False),
    ("Overeenkomst, plaatsing, opvangdagen en opzegging", False),
    ("Financiën en facturen (ook toeslag)", False),
    ("Openingstijden en vervoer (BSO)", False),
    ("Vermoeden van kindermishandeling of grensoverschrijdend gedrag", True),
]


def seed(apps, schema_editor):
    Category = apps.get_model("feedback", "Category")
    for order, (name, is_meldcode) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            name=name, defaults={"is_meldcode": is_meldcode, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
