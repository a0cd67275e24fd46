from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class OrganisationConfig(AppConfig):
    name = "klachtwijs.organisation"
    label = "organisation"
    verbose_name = "Organisatie"

    def ready(self) -> None:
        from klachtwijs.core.changes import on_change
        from klachtwijs.organisation.defaults import ensure_defaults
        from klachtwijs.organisation.models import Organisation
        from klachtwijs.organisation.selectors import organisation_changed

        # organisation_get() keeps the organisation in memory until it changes.
        on_change(organisation_changed, Organisation, uid="organisation")

        # After every migrate (and test flush); all tables exist by then.
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="klachtwijs-defaults")


class KlachtwijsAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with our site as `admin.site` (every app's `@admin.register` lands
    on it): behind the TOTP sign-in, sections decided by `organisation/access.py`."""

    default = False  # named in INSTALLED_APPS; OrganisationConfig stays the default
    default_site = "klachtwijs.organisation.admin_site.KlachtwijsAdminSite"
