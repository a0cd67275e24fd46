"""Reads of reports: lists, the content of one report, its personal-data check, its final
versions, and whether the report a dossier belongs in has gone out."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from klachtwijs.feedback.models import Feedback, Kind
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Region
from klachtwijs.reports.content import Progress, ReportContent, _quiet, report_content
from klachtwijs.reports.figures import Scope, quarter_figures, quarter_terms
from klachtwijs.reports.models import (
    AnnualReport,
    JeugdwetPublication,
    ReportFile,
    ReportSending,
    ReportVersion,
    Variant,
)
from klachtwijs.reports.privacy import CheckResult, content_check, content_redact


def report_list() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.select_related("region").prefetch_related(
        "sendings__region", "versions"
    )


def report_scope(report: AnnualReport) -> Scope:
    return Scope(
        year=report.year, region_id=report.region_id, jeugdwet=report.variant == Variant.JEUGDWET
    )


def report_content_get(report: AnnualReport, *, progress: Progress = _quiet) -> ReportContent:
    """The report's content as it would be printed now."""
    return report_content(scope=report_scope(report), region=report.region, progress=progress)


def report_check(report: AnnualReport, *, content: ReportContent | None = None) -> CheckResult:
    """The personal-data check of the report, with the hits accepted so far. `content`: the
    content already built (so what is checked is exactly what is then rendered)."""
    accepted = {item["key"] for item in report.accepted_hits}
    return content_check(content or report_content_get(report), accepted=accepted)


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


def report_current_version(report: AnnualReport) -> ReportVersion | None:
    """The final version now in force (None while the report is a draft)."""
    return report.versions.filter(reopened_at__isnull=True).first()


def report_versions(report: AnnualReport) -> QuerySet[ReportVersion]:
    """Every final version, newest first, with what was sent of each."""
    return report.versions.select_related("final_by", "reopened_by").prefetch_related(
        "sendings__region"
    )


# --- which report a dossier belongs in, and whether it went out (LEGAL.md P2, R3, R4, R5) ----


@dataclass(frozen=True)
class ReportRef:
    """The report a dossier belongs in: a Jeugdwet dossier the Jeugdwet report of its year
    (Jeugdwet 4.3.1, one per provider); any other the GGD report of its year and its location's
    region (Wko 1.57b lid 4 and 8). The year is the calendar year of receipt (R1)."""

    variant: str
    year: int
    region_id: int | None


def report_ref(feedback) -> ReportRef:
    year = timezone.localtime(feedback.received_at).year
    if feedback.framework == LegalFramework.JEUGDWET:
        return ReportRef(Variant.JEUGDWET, year, None)
    return ReportRef(Variant.WKO, year, feedback.location.region_id)


def _earliest(into: dict, key: tuple, on: date | None) -> None:
    if on is not None and (key not in into or on < into[key]):
        into[key] = on


class ReportLedger:
    """Which reports went out (first date, any version) and which were required, read in a
    fixed number of queries so retention can ask it for any number of dossiers.

    Sent: a GGD mail per region (`ReportSending`), the publication of a Jeugdwet report
    (`JeugdwetPublication`), or the send or publish date of a report or of one of its final
    versions (a reopened version that went out still counts: the GGD has
    it). Required: a year with complaints in that report's scope; a year without complaints
    needs no report (Wko 1.57b lid 9). Meldcode dossiers are not counted as complaints (M4).
    """

    def __init__(self) -> None:
        self.sent: dict[tuple, date] = {}
        ggd = ReportSending.objects.filter(
            audience=ReportSending.Audience.GGD, report__variant=Variant.WKO
        )
        for year, region_id, on in ggd.values_list("report__year", "region_id", "sent_on"):
            _earliest(self.sent, (Variant.WKO, year, region_id), on)
        reports = AnnualReport.objects.values_list(
            "variant", "year", "region_id", "sent_on", "published_on"
        )
        versions = ReportVersion.objects.values_list(
            "report__variant", "report__year", "report__region_id", "sent_on", "published_on"
        )
        for variant, year, region_id, sent_on, published_on in [*reports, *versions]:
            _earliest(self.sent, (variant, year, region_id), sent_on)
            _earliest(self.sent, (variant, year, region_id), published_on)
        # The Jeugdwet report goes out by being made public (R5, Jeugdwet 4.3.2).
        public = JeugdwetPublication.objects.exclude(published_on=None)
        for year, on in public.values_list("report__year", "published_on"):
            _earliest(self.sent, (Variant.JEUGDWET, year, None), on)
        complaints = (
            Feedback.objects.filter(kind=Kind.COMPLAINT, is_restricted=False)
            .annotate(year=ExtractYear("received_at"))
            .values_list("framework", "year", "location__region_id")
            .distinct()
        )
        self.required: set[tuple] = set()
        for framework, year, region_id in complaints:
            if framework == LegalFramework.JEUGDWET:
                self.required.add((Variant.JEUGDWET, year, None))
            elif framework == LegalFramework.WKO:
                self.required.add((Variant.WKO, year, region_id))

    def sent_on(self, ref: ReportRef) -> date | None:
        """The first day the report `ref` went out; a report for the whole organisation covers
        every region."""
        keys = [(ref.variant, ref.year, None)]
        if ref.region_id is not None:
            keys.append((ref.variant, ref.year, ref.region_id))
        dates = [self.sent[key] for key in keys if key in self.sent]
        return min(dates) if dates else None

    def is_required(self, ref: ReportRef) -> bool:
        return (ref.variant, ref.year, ref.region_id) in self.required

    def waiting_for(self, ref: ReportRef) -> bool:
        """A required report that has not gone out yet."""
        return self.is_required(ref) and self.sent_on(ref) is None


def report_sent_for(feedback) -> date | None:
    """The day the report `feedback` belongs in first went out, or None (LEGAL.md P2)."""
    return ReportLedger().sent_on(report_ref(feedback))


def wko_regions_unsent(year: int) -> list[Region]:
    """GGD regions whose report about `year` is required (complaints under the Wet
    kinderopvang) and has not been sent to their GGD (Wko 1.57b lid 8 and 9)."""
    ledger = ReportLedger()
    refs = {r for r in ledger.required if r[0] == Variant.WKO and r[1] == year}
    ids = [
        region_id
        for _variant, _year, region_id in refs
        if ledger.waiting_for(ReportRef(Variant.WKO, year, region_id))
    ]
    return list(Region.objects.filter(pk__in=ids).order_by("name"))


@dataclass(frozen=True)
class ParentsGap:
    """The GGD got the report on another day than the parents were told (Wko 1.57b lid 8:
    'at the same time')."""

    report: AnnualReport
    version: int | None
    region: str
    ggd_on: date
    parents_on: date | None


def parents_gaps(reports: Iterable[AnnualReport]) -> list[ParentsGap]:
    """Every GGD mail of these reports whose day differs from the day all parents were told
    with the same version (`report_list` prefetches what this reads)."""
    gaps = []
    for report in reports:
        sendings = list(report.sendings.all())
        parents = {
            s.version_id: s.sent_on
            for s in sendings
            if s.audience == ReportSending.Audience.PARENTS
        }
        numbers = {v.pk: v.number for v in report.versions.all()}
        for sending in sendings:
            if sending.audience != ReportSending.Audience.GGD:
                continue
            told = parents.get(sending.version_id)
            if sending.version_id is None:
                told = report.parents_informed_on
            if told != sending.sent_on:
                gaps.append(
                    ParentsGap(
                        report,
                        numbers.get(sending.version_id),
                        sending.region.name,
                        sending.sent_on,
                        told,
                    )
                )
    return gaps


def parents_gaps_of_year(year: int) -> list[ParentsGap]:
    return parents_gaps(report_list().filter(year=year, variant=Variant.WKO))
