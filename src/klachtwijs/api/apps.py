from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "klachtwijs.api"
    label = "api"
    verbose_name = "API"
