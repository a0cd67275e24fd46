"""`klachtwijs apply_retention [--dry-run] [--schedule]`: anonymise dossiers past their term."""

from django.core.management.base import BaseCommand

from klachtwijs.privacy.retention import retention_apply, retention_days
from klachtwijs.privacy.tasks import retention_schedule


class Command(BaseCommand):
    help = "Anonimiseer afgesloten dossiers waarvan de bewaartermijn voorbij is."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Laat alleen zien wat er zou gebeuren."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Plan daarna de dagelijkse taak in (voor `klachtwijs db_worker`).",
        )

    def handle(self, *args, dry_run: bool = False, schedule: bool = False, **options) -> None:
        result = retention_apply(dry_run=dry_run)
        verb = "Zou anonimiseren" if dry_run else "Geanonimiseerd"
        for decision in result.anonymised:
            self.stdout.write(f"{verb}: {decision.reference}")
        for decision in result.held:
            self.stdout.write(f"Wacht: {decision.reference} ({'; '.join(decision.held_because)})")
        self.stdout.write(
            f"Bewaartermijn {retention_days()} dagen na afsluiten. "
            f"{verb}: {len(result.anonymised)}; tegengehouden: {len(result.held)}."
        )
        if schedule and not dry_run:
            if retention_schedule():
                self.stdout.write("De dagelijkse taak is ingepland.")
            else:
                self.stderr.write(
                    "Deze taakverwerking kan niet later plannen: draai deze opdracht dagelijks "
                    "via cron."
                )
