"""`klachtwijs generate_data --dossiers N`: synthetic dossiers in bulk, for benchmarks only."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from klachtwijs.demo.synthetic import generate


class Command(BaseCommand):
    help = (
        "Maakt synthetische klantreacties met tijdlijn, oordelen, maatregelen en situaties, "
        "voor benchmarks en schaaltests. Alleen voor test- en benchmarkdatabases."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dossiers", type=int, required=True, help="aantal klantreacties")
        parser.add_argument(
            "--locations",
            type=int,
            default=None,
            help="minstens zoveel vestigingen (ontbrekende worden gemaakt)",
        )
        parser.add_argument("--seed", type=int, default=1, help="startwaarde van het toeval")
        parser.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")

    def handle(self, *args, dossiers: int, locations, seed: int, no_progress: bool, **options):
        if dossiers < 1:
            raise CommandError("Geef een aantal klantreacties van 1 of meer.")
        if locations is not None and locations < 1:
            raise CommandError("Geef een aantal vestigingen van 1 of meer.")
        with tqdm(total=dossiers, unit="dossier", disable=no_progress, mininterval=1) as bar:
            try:
                made = generate(
                    dossiers=dossiers, locations=locations, seed=seed, progress=bar.update
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{made} synthetische klantreacties gemaakt."))
