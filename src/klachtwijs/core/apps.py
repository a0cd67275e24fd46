from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klachtwijs.core"
    label = "core"
    verbose_name = "Algemeen"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from klachtwijs.core.middleware import last_seen_start

        user_logged_in.connect(last_seen_start, dispatch_uid="klachtwijs_last_seen_start")
