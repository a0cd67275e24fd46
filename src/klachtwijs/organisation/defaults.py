"""The row that must always exist: the one organisation.

Run after every `migrate` (and after a test flush) by the `post_migrate` receiver in `apps.py`,
so `migrate` on an empty database always leaves exactly one organisation. The default
categories are the dossier app's (`feedback/defaults.py`).
"""


def ensure_defaults(**kwargs: object) -> None:
    from klachtwijs.organisation.models import Organisation

    if not Organisation.objects.exists():
        Organisation.objects.create(name="Onze organisatie")
