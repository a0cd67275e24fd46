"""Reads of reports: lists, the content of one report, its personal-data check."""

from django.db.models import QuerySet

from klachtwijs.organisation.models import Region
from klachtwijs.reports.content import Progress, ReportContent, _quiet, report_content
from klachtwijs.reports.figures import Scope, quarter_figures, quarter_terms
from klachtwijs.reports.models import AnnualReport, ReportFile, Variant
from klachtwijs.reports.privacy import CheckResult, content_check, content_redact


def report_list() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.select_related("region").prefetch_related("sendings__region")


def report_scope(report: AnnualReport) -> Scope:
    return Scope(
        year=report.year, region_id=report.region_id, jeugdwet=report.variant == Variant.JEUGDWET
    )


def report_content_get(report: AnnualReport, *, progress: Progress = _quiet) -> ReportContent:
    """The report's content as it would be printed now."""
    return report_content(scope=report_scope(report), region=report.region, progress=progress)


def report_check(report: AnnualReport) -> CheckResult:
    """The personal-data check of the report, with the hits accepted so far."""
    accepted = {item["key"] for item in report.accepted_hits}
    return content_check(report_content_get(report), accepted=accepted)


def report_content_for_panel(report: AnnualReport) -> ReportContent:
    """The content with every possible name, address, number or date removed."""
    return content_redact(report_content_get(report))


def panel_quarters(*, year: int) -> list[dict]:
    """Figures per quarter for the client panel: counts only (no text ever leaves here)."""
    scope = Scope(year=year)
    counts, terms = quarter_figures(scope), quarter_terms(scope)
    return [
        {
            "quarter": quarter,
            "by_kind": counts[quarter],
            "total": sum(counts[quarter].values()),
            "answered": terms[quarter][0],
            "in_time": terms[quarter][1],
        }
        for quarter in range(1, 5)
    ]


def regions() -> QuerySet[Region]:
    return Region.objects.all()


def report_files(report: AnnualReport) -> QuerySet[ReportFile]:
    return report.files.all()[:10]
