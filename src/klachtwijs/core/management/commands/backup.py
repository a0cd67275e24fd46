"""`klachtwijs backup FILE`: the database and the media folder in one tar.gz with a manifest
of SHA-256 sums (core/backup.py; README, "Operations")."""

from django.core.management.base import BaseCommand, CommandError

from klachtwijs.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Maak een back-up van de database en de mediamap in één archief (tar.gz)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="het archief om te schrijven, bijvoorbeeld backup.tar.gz")
        parser.add_argument("--database", default="default", help="de database-alias")

    def handle(self, *args, file: str, database: str, **options) -> None:
        try:
            result = backup_create(file, alias=database)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Back-up geschreven naar {result.path} ({result.members} bestanden).")
