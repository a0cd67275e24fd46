from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrganisationConfig(AppConfig):
    name = "klachtwijs.organisation"
    label = "organisation"
    verbose_name = "Organisatie"

    def ready(self) -> None:
        from klachtwijs.organisation.defaults import ensure_defaults

        # After every migrate (and test flush); all tables exist by then.
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="klachtwijs-defaults")
