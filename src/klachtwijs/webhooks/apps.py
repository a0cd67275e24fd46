from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "klachtwijs.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
