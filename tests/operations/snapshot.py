"""What a backup must bring back, as JSON: the annual report's figures and the SHA-256 of every
stored document, read from the files themselves. Run in the test (before the backup) and in a
`klachtwijs shell` against the restored database (after)."""

import dataclasses
import hashlib
import json

from klachtwijs.feedback.models import Document, Feedback
from klachtwijs.reports.figures import Scope, year_figures
from klachtwijs.reports.models import ReportVersion

YEAR = 2025


def _sha(field) -> str:
    with field.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def snapshot() -> str:
    versions = [
        {
            "number": v.number,
            "pdf": _sha(v.pdf),
            "pdf_stored": v.pdf_sha256,
            "docx": _sha(v.docx),
            "docx_stored": v.docx_sha256,
        }
        for v in ReportVersion.objects.order_by("pk")
    ]
    documents = {d.filename: _sha(d.file) for d in Document.objects.order_by("pk")}
    return json.dumps(
        {
            "figures": dataclasses.asdict(year_figures(Scope(year=YEAR))),
            "versions": versions,
            "documents": documents,
            "references": sorted(Feedback.objects.values_list("reference", flat=True)),
        },
        sort_keys=True,
        default=str,
    )
