from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "klachtwijs.reports"
    label = "reports"
    verbose_name = "Jaarverslag"
