from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "klachtwijs.notifications"
    label = "notifications"
    verbose_name = "Berichten"
