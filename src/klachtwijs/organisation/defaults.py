"""The row that must always exist: the one organisation.

Run after every `migrate` (and after a test flush) by the `post_migrate` receiver in `apps.py`,
so `migrate` on an empty database always leaves exactly one organisation. The default
categories are the dossier app's (`feedback/defaults.py`).
"""

# The name the organisation row starts with; `klachtwijs setup` replaces it. While it is there,
# the set-up is not done (`organisation/setup.py`).
PLACEHOLDER_NAME = "Onze organisatie"


def ensure_defaults(**kwargs: object) -> None:
    from klachtwijs.organisation.models import Organisation

    if not Organisation.objects.exists():
        Organisation.objects.create(name=PLACEHOLDER_NAME)
