"""`klachtwijs import_register FILE [--dry-run] [--mapping FILE] [--create-locations]
[--region NAME] [--service NAME]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from klachtwijs.register.parse import UnreadableFile, mappings_read, table_read
from klachtwijs.register.services import region_for_import, register_import, service_for_import
from klachtwijs.register.validate import mappings_check


class Command(BaseCommand):
    help = (
        "Leest een bestaand klachtenregister (CSV of XLSX) in. Alles of niets: bij één fout "
        "wordt niets opgeslagen en staat elke foute rij in de uitvoer. Eigen woorden voor "
        "onderwerp, soort, status, oordeel en regio worden herkend waar dat kan; de rest "
        "koppelt u met --mapping."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="het register, .csv of .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="alleen controleren, niets opslaan"
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            help="koppelbestand, CSV of JSON: kolom,waarde,doel per regel "
            "(bijvoorbeeld onderwerp,oudercontact,Communicatie en informatie)",
        )
        parser.add_argument(
            "--create-locations",
            action="store_true",
            help="onbekende vestigingen aanmaken (in de kolom regio of --region)",
        )
        parser.add_argument(
            "--region",
            help="GGD-regio voor nieuwe vestigingen (met of zonder 'GGD'); met "
            "--create-locations wordt een onbekende regio aangemaakt",
        )
        parser.add_argument(
            "--service",
            help="dienst voor rijen zonder kolom dienst (standaard: de enige dienst van de "
            "vestiging, anders de kinderopvangdienst; zonder diensten: Dagopvang)",
        )

    def handle(self, *args, file: Path, dry_run: bool, create_locations: bool, **options):
        mappings = self._mappings(options["mapping"])
        table = self._read(file)
        # One transaction around everything: a region or service made for the import goes
        # when the import stores nothing (an error, or a dry run).
        with transaction.atomic():
            made = []
            region = None
            if options["region"]:
                region, new = region_for_import(options["region"], create=create_locations)
                if region is None:
                    raise CommandError(
                        f"Onbekende GGD-regio '{options['region']}'. Kies een van de 25 GGD-"
                        "regio's (bijvoorbeeld 'Brabant-Zuidoost' of 'GGD Hollands Noorden'); "
                        "met --create-locations wordt die regio aangemaakt als ze er nog niet is."
                    )
                if new:
                    made.append(
                        f"GGD-regio '{region.name}' aangemaakt; vul het e-mailadres van de GGD "
                        "nog in."
                    )
            service, new = service_for_import(options["service"], create=create_locations)
            if options["service"] and service is None:
                raise CommandError(f"Onbekende dienst '{options['service']}'.")
            if new:
                made.append(
                    f"Dienst '{service.name}' ({service.get_framework_display()}) aangemaakt."
                )
            result = self._import(table, create_locations, dry_run, region, service, mappings)
            if not result.stored:
                transaction.set_rollback(True)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(result.errors)} fout(en) gevonden; er is niets opgeslagen.")
        done = "zou worden ingelezen (proefimport, niets opgeslagen)" if dry_run else "ingelezen"
        self.stdout.write(self.style.SUCCESS(f"{result.created} klantreacties {done}."))
        for line in made:
            self.stdout.write(line)
        if result.locations_created:
            self.stdout.write("Nieuwe vestigingen: " + ", ".join(result.locations_created))
        if result.situations:
            self.stdout.write(f"Situaties gekoppeld: {result.situations}")

    def _import(self, table, create_locations, dry_run, region, service, mappings):
        # tqdm needs the raw stream: Django's wrapper would add a newline to every update.
        stream = getattr(self.stderr, "_out", self.stderr)
        with tqdm(total=len(table.rows), file=stream, unit="rij", desc="Import") as bar:
            return register_import(
                rows=table,
                create_locations=create_locations,
                dry_run=dry_run,
                region=region,
                service=service,
                mappings=mappings,
                progress=bar.update,
            )

    def _read(self, file: Path):
        try:
            return table_read(data=file.read_bytes(), filename=file.name)
        except OSError as exc:
            raise CommandError(f"Kan {file} niet lezen: {exc.strerror}.") from exc
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc

    def _mappings(self, path: Path | None):
        if path is None:
            return {}
        try:
            lines = mappings_read(data=path.read_bytes(), filename=path.name)
        except OSError as exc:
            raise CommandError(f"Kan {path} niet lezen: {exc.strerror}.") from exc
        except UnreadableFile as exc:
            raise CommandError(f"{path}: {exc}") from exc
        mappings, errors = mappings_check(lines)
        if errors:
            for error in errors:
                self.stderr.write(f"{path.name}, {error}")
            raise CommandError(
                f"{len(errors)} fout(en) in het koppelbestand; er is niets opgeslagen."
            )
        return mappings
