from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "klachtwijs.intake"
    label = "intake"
    verbose_name = "Formulier en statuspagina"
