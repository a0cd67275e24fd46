"""The inspector's evidence pack on the command line (issue 17):

`klachtwijs evidence_pack YEAR REGION --out FILE [--sample 2025-0007,2025-0013]`

FILE ending in .zip gets the ZIP, else the PDF. The same service as the web page
(`reports.evidence`); the download is kept in the access log (LEGAL.md P3).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.models import AccessLog
from klachtwijs.feedback.models import Feedback
from klachtwijs.organisation.models import Region
from klachtwijs.reports.evidence import evidence_pack
from klachtwijs.reports.evidence_files import evidence_pdf, evidence_zip


class Command(BaseCommand):
    help = "Maak de bewijsmap voor de inspectie van een jaar en een GGD-regio (pdf of zip)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="het kalenderjaar (datum van ontvangst)")
        parser.add_argument("region", help="de GGD-regio (naam)")
        parser.add_argument("--out", required=True, help="het bestand: .zip of .pdf")
        parser.add_argument("--sample", default="", help="kenmerken, met komma's gescheiden")

    def handle(self, *args, year: int, region: str, out: str, sample: str, **options):
        chosen = Region.objects.filter(name__iexact=region).first()
        if chosen is None:
            names = ", ".join(Region.objects.values_list("name", flat=True)) or "geen"
            raise CommandError(f"Onbekende GGD-regio '{region}'. Bekend: {names}.")
        references = [r.strip() for r in sample.split(",") if r.strip()]
        ids = list(Feedback.objects.filter(reference__in=references).values_list("pk", flat=True))
        pack = evidence_pack(year=year, region=chosen, sample_ids=ids)
        unknown = set(references) - {t.reference for t in pack.timelines}
        if unknown:
            raise CommandError(
                f"Niet in de steekproef van {year}, {chosen.name}: {', '.join(sorted(unknown))}."
            )
        fmt = "zip" if out.lower().endswith(".zip") else "pdf"
        try:
            data = evidence_zip(pack) if fmt == "zip" else evidence_pdf(pack)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kan {out} niet schrijven: {exc}") from exc
        access_log_record(
            user=None,
            username="command:evidence_pack",
            action=AccessLog.Action.EXPORT,
            detail=f"bewijsmap {year} {chosen.name} ({fmt}), steekproef: "
            + (", ".join(t.reference for t in pack.timelines) or "geen"),
        )
        self.stdout.write(f"Bewijsmap {year}, regio {chosen.name} geschreven naar {out}.")
