"""`klachtwijs send_webhooks`: send every due webhook delivery now (for cron, or by hand)."""

from django.core.management.base import BaseCommand

from klachtwijs.webhooks.sending import deliveries_send_due


class Command(BaseCommand):
    help = "Verstuur alle webhook-afleveringen die nu aan de beurt zijn."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="hoogstens zoveel")

    def handle(self, *args, limit: int, **options) -> None:
        report = deliveries_send_due(limit=limit)
        self.stdout.write(
            f"Afgeleverd: {report.sent}. Mislukt (volgt later opnieuw): {report.failed}."
        )
