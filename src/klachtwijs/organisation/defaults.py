"""Rows that must always exist: the one organisation and the default categories.

Run after every `migrate` (and after a test flush) by the `post_migrate` receiver in `apps.py`,
so `migrate` on an empty database always leaves exactly one organisation.
"""

# The sector's usual categories (LEGAL.md, last section); the organisation may change them.
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


def ensure_defaults(**kwargs: object) -> None:
    from klachtwijs.feedback.models import Category
    from klachtwijs.organisation.models import Organisation

    if not Organisation.objects.exists():
        Organisation.objects.create(name="Onze organisatie")
    if not Category.objects.exists():
        Category.objects.bulk_create(
            Category(name=name, is_meldcode=is_meldcode, order=order)
            for order, (name, is_meldcode) in enumerate(CATEGORIES, start=1)
        )
