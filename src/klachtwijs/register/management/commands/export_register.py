"""`klachtwijs export_register FILE.xlsx|FILE.csv [--year JJJJ]`: the register as a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klachtwijs.register.export import csv_bytes, register_export, xlsx_bytes

WRITERS = {".xlsx": xlsx_bytes, ".csv": csv_bytes}


class Command(BaseCommand):
    help = (
        "Schrijft alle klantreacties (of die van één jaar) in de kolommen van de import, zodat "
        "het bestand weer kan worden ingelezen. Bevat de omschrijvingen (niet die van "
        "meldcodedossiers): alleen voor intern gebruik. Wordt vastgelegd in het toegangslog."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="doelbestand, .xlsx of .csv")
        parser.add_argument("--year", type=int, help="alleen dit jaar (datum van ontvangst)")

    def handle(self, *args, file: Path, year: int | None, **options) -> None:
        writer = WRITERS.get(file.suffix.lower())
        if writer is None:
            raise CommandError("Kies een bestandsnaam die eindigt op .xlsx of .csv.")
        # Logged like every export; the command's actor is the command itself.
        records = register_export(year=year, username="command:export_register")
        try:
            file.write_bytes(writer(records))
        except OSError as exc:
            raise CommandError(f"Kan {file} niet schrijven: {exc.strerror}.") from exc
        self.stdout.write(
            self.style.SUCCESS(f"{len(records)} klantreacties geschreven naar {file}.")
        )
