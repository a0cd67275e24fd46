from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klachtwijs.core"
    label = "core"
    verbose_name = "Algemeen"

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django_otp.models import Device

        from klachtwijs.core.changes import on_change
        from klachtwijs.core.middleware import last_seen_start, users_changed

        user_logged_in.connect(last_seen_start, dispatch_uid="klachtwijs_last_seen_start")
        # The signed-in user and their authenticator are kept in memory until one changes.
        models = [get_user_model()]
        models += [m for m in apps.get_models() if issubclass(m, Device)]
        on_change(users_changed, *models, uid="users")
