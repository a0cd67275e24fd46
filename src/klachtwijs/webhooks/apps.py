from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "klachtwijs.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from klachtwijs.webhooks.models import WebhookSubscription
        from klachtwijs.webhooks.services import subscriptions_changed

        # The active subscriptions are kept in memory until one changes (services.py).
        post_save.connect(subscriptions_changed, sender=WebhookSubscription, dispatch_uid="wh-s")
        post_delete.connect(subscriptions_changed, sender=WebhookSubscription, dispatch_uid="wh-d")
