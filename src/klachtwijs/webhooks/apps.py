from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "klachtwijs.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from klachtwijs.core.changes import on_change
        from klachtwijs.webhooks.models import WebhookSubscription
        from klachtwijs.webhooks.services import subscriptions_changed

        # The active subscriptions are kept in memory until one changes (services.py).
        on_change(subscriptions_changed, WebhookSubscription, uid="webhook-subscriptions")
