"""`klachtwijs purge_uploads [--schedule]`: remove the attachments that failed forms hold."""

from django.core.management.base import BaseCommand, CommandError

from klachtwijs.intake import uploads
from klachtwijs.intake.tasks import held_uploads_schedule


class Command(BaseCommand):
    help = (
        "Verwijder bijlagen van formulieren met een fout die langer dan 45 minuten bewaard "
        "zijn. Met --schedule: laat de worker dit elk kwartier doen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Plan de taak die dit elk kwartier doet (en zichzelf opnieuw plant).",
        )

    def handle(self, *args, schedule: bool = False, **options) -> None:
        if schedule:
            if not held_uploads_schedule():
                raise CommandError(
                    "Deze taakverwerking kan niets later uitvoeren: draai "
                    "`klachtwijs purge_uploads` elk kwartier vanuit cron."
                )
            self.stdout.write("De opruimtaak is gepland: de worker voert hem elk kwartier uit.")
            return
        purged = uploads.purge_old()
        self.stdout.write(f"Opgeruimd: bijlagen van {purged} formulier(en).")
