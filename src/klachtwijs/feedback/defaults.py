"""The default categories, made after every `migrate` (and test flush) when there are none
(the `post_migrate` receiver in `apps.py`, ADR 0005)."""

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


def ensure_categories(**kwargs: object) -> None:
    from klachtwijs.feedback.models import Category

    if not Category.objects.exists():
        Category.objects.bulk_create(
            Category(name=name, is_meldcode=is_meldcode, order=order)
            for order, (name, is_meldcode) in enumerate(CATEGORIES, start=1)
        )
