"""`klachtwijs send_outbox`: send every due outbox message now (for cron, or by hand)."""

from django.core.management.base import BaseCommand

from klachtwijs.notifications.sending import outbox_send_due


class Command(BaseCommand):
    help = "Verstuur alle berichten uit de outbox die nu aan de beurt zijn."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=200, help="hoogstens zoveel berichten")

    def handle(self, *args, limit: int, **options) -> None:
        report = outbox_send_due(limit=limit)
        self.stdout.write(
            f"Verzonden: {report.sent}. Mislukt (volgt later opnieuw): {report.failed}."
        )
