from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "klachtwijs.core"
    label = "core"
    verbose_name = "Algemeen"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from klachtwijs.core.middleware import last_seen_start

        user_logged_in.connect(last_seen_start, dispatch_uid="klachtwijs_last_seen_start")


class KlachtwijsAdminConfig(admin_apps.AdminConfig):
    """Django's admin app with our site as `admin.site` (every app's `@admin.register` lands
    on it): behind the TOTP sign-in, sections decided by `organisation/access.py`."""

    default = False  # named in INSTALLED_APPS; CoreConfig stays this module's default
    default_site = "klachtwijs.core.admin_site.KlachtwijsAdminSite"
