"""`klachtwijs send_reminders [--date YYYY-MM-DD] [--schedule]`: the daily staff reminders."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from klachtwijs.feedback.reminders import reminders_send
from klachtwijs.feedback.tasks import schedule_next


class Command(BaseCommand):
    help = (
        "Zet de herinneringen van vandaag klaar in de uitgaande post (idempotent: twee keer op "
        "een dag draaien stuurt niets dubbel). Met --schedule plant u ook de dagelijkse taak."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Doe alsof het deze dag is (JJJJ-MM-DD).")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Plan de taak die dit elke ochtend doet (voor `klachtwijs db_worker`).",
        )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"Ongeldige datum '{options['date']}'. Gebruik JJJJ-MM-DD."
                ) from None
        queued = reminders_send(today=today)
        self.stdout.write(f"{queued} herinnering(en) klaargezet voor {today:%d-%m-%Y}.")
        if options["schedule"]:
            if not schedule_next(now=timezone.now()):
                raise CommandError("De taak-back-end kan geen taken inplannen (run_after).")
            self.stdout.write("De dagelijkse taak is ingepland.")
