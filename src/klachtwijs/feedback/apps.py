from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "klachtwijs.feedback"
    label = "feedback"
    verbose_name = "Klantreacties"
