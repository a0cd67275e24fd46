"""`klachtwijs restore FILE`: put a backup back into an empty database and media folder; the
archive is checked against its manifest before anything changes (core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from klachtwijs.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Zet een back-up terug in een lege database en een lege mediamap."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="het archief dat `klachtwijs backup` maakte")
        parser.add_argument("--database", default="default", help="de database-alias")

    def handle(self, *args, file: str, database: str, **options) -> None:
        try:
            manifest = backup_restore(file, alias=database)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Teruggezet: {len(manifest['files'])} bestanden uit de back-up van "
            f"{manifest['created_at']}. Start nu `klachtwijs migrate` als deze versie nieuwer is."
        )
