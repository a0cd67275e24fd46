from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klachtwijs.core"
    label = "core"
    verbose_name = "Algemeen"
