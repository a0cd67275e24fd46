"""The annual report on the command line, with a progress bar:

`klachtwijs annual_report YEAR --format html|pdf|docx [--region NAME] [--jeugdwet] --output FILE`
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from klachtwijs.organisation.models import Region
from klachtwijs.reports.content import report_content
from klachtwijs.reports.figures import Scope
from klachtwijs.reports.services import report_bytes


class Command(BaseCommand):
    help = "Maak het klachtenjaarverslag van een jaar als HTML, PDF of DOCX."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="het kalenderjaar (datum van ontvangst)")
        parser.add_argument("--format", choices=["html", "pdf", "docx"], default="pdf")
        parser.add_argument("--region", help="alleen deze GGD-regio (naam)")
        parser.add_argument("--jeugdwet", action="store_true", help="het Jeugdwet-verslag")
        parser.add_argument("--output", required=True, help="het bestand om te schrijven")

    def handle(
        self,
        *args,
        year: int,
        format: str,
        region: str | None,
        jeugdwet: bool,
        output: str,
        **options,
    ):
        chosen = None
        if region:
            chosen = Region.objects.filter(name__iexact=region).first()
            if chosen is None:
                names = ", ".join(Region.objects.values_list("name", flat=True)) or "geen"
                raise CommandError(f"Onbekende GGD-regio '{region}'. Bekend: {names}.")
        scope = Scope(year=year, region_id=chosen.pk if chosen else None, jeugdwet=jeugdwet)
        with tqdm(total=100, unit="%", desc="Jaarverslag", file=self.stderr._out) as bar:

            def progress(percent: int, step: str) -> None:
                bar.set_postfix_str(step)
                bar.update(max(percent - bar.n, 0))

            content = report_content(scope=scope, region=chosen, progress=progress)
            data = report_bytes(content, fmt=format, progress=progress)
            progress(100, "klaar")
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kan {output} niet schrijven: {exc}") from exc
        self.stdout.write(f"{content.title} geschreven naar {output} ({len(data)} bytes).")
        if content.no_complaints:
            self.stdout.write(
                f"Let op: in {year} waren er geen klachten; een verslag is dan niet verplicht."
            )
