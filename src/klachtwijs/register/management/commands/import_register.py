"""`klachtwijs import_register FILE [--dry-run] [--create-locations] [--region NAME]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from klachtwijs.organisation.models import Region
from klachtwijs.register.parse import UnreadableFile, table_read
from klachtwijs.register.services import register_import


class Command(BaseCommand):
    help = (
        "Leest een bestaand klachtenregister (CSV of XLSX) in. Alles of niets: bij één fout "
        "wordt niets opgeslagen en staat elke foute rij in de uitvoer."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="het register, .csv of .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="alleen controleren, niets opslaan"
        )
        parser.add_argument(
            "--create-locations",
            action="store_true",
            help="onbekende vestigingen aanmaken (in de kolom regio of --region)",
        )
        parser.add_argument("--region", help="GGD-regio voor nieuwe vestigingen")

    def handle(self, *args, file: Path, dry_run: bool, create_locations: bool, **options):
        region = self._region(options["region"])
        try:
            table = table_read(data=file.read_bytes(), filename=file.name)
        except OSError as exc:
            raise CommandError(f"Kan {file} niet lezen: {exc.strerror}.") from exc
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        # tqdm needs the raw stream: Django's wrapper would add a newline to every update.
        stream = getattr(self.stderr, "_out", self.stderr)
        with tqdm(total=len(table.rows), file=stream, unit="rij", desc="Import") as bar:
            result = register_import(
                rows=table,
                create_locations=create_locations,
                dry_run=dry_run,
                region=region,
                progress=bar.update,
            )
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(result.errors)} fout(en) gevonden; er is niets opgeslagen.")
        done = "zou worden ingelezen (proefimport, niets opgeslagen)" if dry_run else "ingelezen"
        self.stdout.write(self.style.SUCCESS(f"{result.created} klantreacties {done}."))
        if result.locations_created:
            self.stdout.write("Nieuwe vestigingen: " + ", ".join(result.locations_created))
        if result.situations:
            self.stdout.write(f"Situaties gekoppeld: {result.situations}")

    def _region(self, name: str | None) -> Region | None:
        if not name:
            return None
        try:
            return Region.objects.get(name__iexact=name)
        except Region.DoesNotExist:
            known = ", ".join(Region.objects.values_list("name", flat=True))
            raise CommandError(f"Onbekende GGD-regio '{name}'. Bekend: {known}.") from None
