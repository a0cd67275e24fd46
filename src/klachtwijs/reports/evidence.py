"""The inspector's evidence pack (bewijsmap) for one year and one GGD region (issue 17).

What a GGD inspector asks for when checking the complaint procedure (LEGAL.md H8, R1–R4), in
one place: the regulation versions in force that year with the advice or consent they got
(Wko 1.60 lid 1 e, Jeugdwet 4.2.1 lid 6) and how parents were told about the regulation; the
final annual report with its SHA-256 and the dates it went to the GGD and to the parents
(Wko 1.57b lid 8); the region's complaints (received, answered, within term, outcome,
measures done); the disputes; the anonymised timelines of a sample of dossiers; and, for a
year without complaints, the statement that none came in (Wko 1.57b lid 9).

Nothing personal goes in (Wko 1.57b lid 5–6, AVG art. 5(1)(c)): the pack is built from
fields, not from what parents wrote; the few texts it prints (the disputes' summaries, the
advice, the organisation's own text about making the regulation known) pass `redact`, the
client panel's anonymisation; timelines hold the kind and date of each step, never its text
or who took it. Meldcode dossiers are only counted (M4). Before any file leaves, every text of
the pack passes the report's personal-data check (`pack_check`).

`evidence_pack` gathers; `evidence_files` renders (PDF, ZIP). The web page, the command
(`klachtwijs evidence_pack`) and the tests all call these.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from klachtwijs.feedback.models import (
    ClosureReason,
    Escalation,
    Event,
    Feedback,
    Improvement,
    Kind,
    Outcome,
    Regulation,
    Status,
    counts_as_complaint,
)
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Region, User
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports import texts
from klachtwijs.reports.figures import Scope, disputes_of_year, scope_dossiers
from klachtwijs.reports.models import AnnualReport, ReportSending, Variant
from klachtwijs.reports.privacy import (
    ISO_DATE,
    MONTH_NAMES,
    Hit,
    NameIndex,
    known_names,
    redact,
    scan_text,
)
from klachtwijs.reports.selectors import ReportLedger, ReportRef

KIND_LABELS = dict(Kind.choices)
STATUS_LABELS = dict(Status.choices)
OUTCOME_LABELS = dict(Outcome.choices)
CLOSURE_LABELS = dict(ClosureReason.choices)
EVENT_LABELS = dict(Event.Kind.choices)
CHANNEL_LABELS = dict(Event.ContactChannel.choices)
BODY_LABELS = dict(Escalation.Body.choices)
RESULT_LABELS = dict(Escalation.Result.choices)

# Within term (yes/no): answered on or before the due date, the extended one when there is one.
YES, NO, NOT_APPLICABLE, RUNNING = "ja", "nee", "n.v.t.", "loopt nog"
NO_COMPLAINTS = (
    "In {year} hebben wij in de regio {region} geen klachten ontvangen. Voor een jaar zonder "
    "klachten is een klachtenjaarverslag niet verplicht (Wet kinderopvang, artikel 1.57b lid 9)."
)


@dataclass(frozen=True)
class Advice:
    body: str
    kind: str
    on: date
    text: str


@dataclass(frozen=True)
class RegulationVersion:
    version: str
    in_force_from: date
    in_force_until: date | None
    published_on: date | None
    advices: list[Advice]


@dataclass(frozen=True)
class FinalReport:
    """The final version in force of the report that covers the region (ADR 0008)."""

    title: str
    version: int
    final_on: date
    filename: str
    sha256: str
    ggd_on: date | None
    parents_on: date | None
    published_on: date | None
    path: str  # the stored file, for the ZIP


@dataclass(frozen=True)
class ComplaintRow:
    reference: str
    location: str
    service: str
    framework: str
    received: date
    due: date | None
    answered: date | None
    in_time: str
    outcome: str
    measures: int
    measures_done: int


@dataclass(frozen=True)
class DisputeRow:
    reference: str
    body: str
    started_on: date
    ended_on: date | None
    result: str
    binding: bool
    summary: str


@dataclass(frozen=True)
class Step:
    on: date
    day: int  # days after receipt
    kind: str
    change: str  # "geregistreerd → in behandeling", or ""
    channel: str


@dataclass(frozen=True)
class Timeline:
    reference: str
    kind: str
    location: str
    received: date
    steps: list[Step]


@dataclass(frozen=True)
class Candidate:
    """A dossier the officer may pick for the sample: no personal data, only these."""

    pk: int
    reference: str
    received: date
    kind: str


@dataclass
class EvidencePack:
    organisation: str
    year: int
    region: str
    made_on: date
    regulations: list[RegulationVersion]
    regulation_url: str
    publicity: str
    report: FinalReport | None
    report_required: bool
    complaints: list[ComplaintRow]
    meldcode: int
    disputes: list[DisputeRow]
    disputes_sentence: str
    timelines: list[Timeline]
    statement: str  # the "no complaints" statement, or ""
    # Every date the pack prints from a date field: process dates, not dates of birth.
    dates: set[date] = field(default_factory=set)

    @property
    def slug(self) -> str:
        return f"bewijsmap-{self.year}-{slugify(self.region)}"


def _day(value: datetime | None) -> date | None:
    return timezone.localdate(value) if value else None


def _regulations(year: int, names: NameIndex) -> list[RegulationVersion]:
    """The published versions in force at any moment of `year`, oldest first (H8)."""
    published = list(
        Regulation.objects.filter(published_at__isnull=False)
        .order_by("in_force_from")
        .prefetch_related("advices")
    )
    result = []
    for n, regulation in enumerate(published):
        until = published[n + 1].in_force_from if n + 1 < len(published) else None
        if regulation.in_force_from > date(year, 12, 31) or (
            until is not None and until <= date(year, 1, 1)
        ):
            continue
        advices = [
            Advice(a.get_body_display(), a.get_kind_display(), a.on, redact(a.text, names))
            for a in regulation.advices.all()
        ]
        result.append(
            RegulationVersion(
                regulation.version,
                regulation.in_force_from,
                until,
                _day(regulation.published_at),
                advices,
            )
        )
    return result


def _final_report(year: int, region: Region) -> FinalReport | None:
    """The current final version of the region's report, else of the organisation's report
    (which covers every region, `ReportLedger.sent_on`)."""
    for report_region in (region, None):
        report = (
            AnnualReport.objects.filter(year=year, variant=Variant.WKO, region=report_region)
            .select_related("region")
            .first()
        )
        version = report.versions.filter(reopened_at__isnull=True).first() if report else None
        if version is None:
            continue
        sendings = ReportSending.objects.filter(version=version)
        ggd = sendings.filter(audience=ReportSending.Audience.GGD, region=region).first()
        parents = sendings.filter(audience=ReportSending.Audience.PARENTS).first()
        return FinalReport(
            str(report),
            version.number,
            _day(version.final_at),
            version.filename("pdf"),
            version.pdf_sha256,
            ggd.sent_on if ggd else None,
            parents.sent_on if parents else None,
            version.published_on,
            version.pdf.name,
        )
    return None


def _in_time(f: Feedback, today: date) -> str:
    due, answered = f.extended_until or f.answer_due, _day(f.answered_at)
    if answered is not None:
        return YES if due is None or answered <= due else NO
    if f.status == Status.CLOSED:
        return NOT_APPLICABLE  # closed without a written judgment (H5)
    return NO if due is not None and today > due else RUNNING


def _outcome(f: Feedback) -> str:
    judgments = sorted(f.judgments.all(), key=lambda j: (j.decided_on, j.pk))
    if judgments:
        return OUTCOME_LABELS[judgments[-1].outcome]
    if f.status == Status.CLOSED and f.closure_reason:
        return CLOSURE_LABELS[f.closure_reason]
    return "nog geen oordeel"


def complaints_of(scope: Scope) -> QuerySet[Feedback]:
    """The complaints of the year and region, meldcode dossiers left out (R6, M4)."""
    return scope_dossiers(scope).filter(counts_as_complaint())


def _complaints(scope: Scope, today: date) -> list[ComplaintRow]:
    rows = (
        complaints_of(scope)
        .select_related("location", "service")
        .prefetch_related("judgments")
        .annotate(
            n_measures=Count("measures", distinct=True),
            n_done=Count("measures", filter=Q(measures__done_at__isnull=False), distinct=True),
        )
        .order_by("received_at", "pk")
    )
    return [
        ComplaintRow(
            f.reference,
            f.location.name,
            f.service.name,
            f.get_framework_display(),
            _day(f.received_at),
            f.extended_until or f.answer_due,
            _day(f.answered_at),
            _in_time(f, today),
            _outcome(f),
            f.n_measures,
            f.n_done,
        )
        for f in rows
    ]


def _disputes(scope: Scope, names: NameIndex) -> list[DisputeRow]:
    return [
        DisputeRow(
            e.feedback.reference,
            BODY_LABELS[e.body],
            e.started_on,
            e.ended_on,
            RESULT_LABELS.get(e.result, "nog geen uitspraak"),
            e.is_binding,
            redact(e.summary, names),
        )
        for e in disputes_of_year(scope).order_by("started_on", "pk")
    ]


def evidence_candidates(*, year: int, region: Region, viewer: User | None) -> list[Candidate]:
    """The dossiers of the year and region the officer may pick for the sample: those the
    viewer may see (`access.feedback_visible`; a command: all), never a meldcode dossier (M4).
    """
    dossiers = scope_dossiers(Scope(year=year, region_id=region.pk))
    if viewer is not None:
        dossiers = dossiers.filter(pk__in=access.feedback_visible(viewer).values("pk"))
    return [
        Candidate(pk, reference, _day(received), KIND_LABELS[kind])
        for pk, reference, received, kind in dossiers.order_by("received_at", "pk").values_list(
            "pk", "reference", "received_at", "kind"
        )
    ]


def _timelines(ids: Iterable[int]) -> list[Timeline]:
    """Each step's kind, date and status change; never its text, author or channel details
    beyond the kind of contact (the same minimum the client panel gets)."""
    result = []
    dossiers = (
        Feedback.objects.filter(pk__in=list(ids))
        .select_related("location")
        .prefetch_related("events")
        .order_by("received_at", "pk")
    )
    for f in dossiers:
        received = _day(f.received_at)
        steps = []
        for event in f.events.all():
            on = _day(event.at)
            change = ""
            if event.to_status and event.to_status != event.from_status:
                target, source = (
                    STATUS_LABELS[event.to_status],
                    STATUS_LABELS.get(event.from_status),
                )
                change = f"{source} → {target}" if source else target
            steps.append(
                Step(
                    on,
                    (on - received).days,
                    EVENT_LABELS.get(event.kind, event.kind),
                    change,
                    CHANNEL_LABELS.get(event.contact_channel, ""),
                )
            )
        result.append(Timeline(f.reference, KIND_LABELS[f.kind], f.location.name, received, steps))
    return result


def evidence_pack(
    *,
    year: int,
    region: Region,
    sample_ids: Iterable[int] = (),
    viewer: User | None = None,
    at: datetime | None = None,
) -> EvidencePack:
    """Gather the pack of `year` and `region` as it stands at `at` (default now).

    `sample_ids`: the dossiers whose timelines go in; only those of this year and region the
    viewer may see are used (`evidence_candidates`), whatever was asked.
    """
    today = timezone.localdate(at or timezone.now())
    scope = Scope(year=year, region_id=region.pk)
    organisation = organisation_get()
    names = known_names()
    allowed = {c.pk for c in evidence_candidates(year=year, region=region, viewer=viewer)}
    sample = [pk for pk in sample_ids if pk in allowed]
    complaints = _complaints(scope, today)
    disputes = _disputes(scope, names)
    publicity = texts.section_texts(organisation=organisation, year=year, jeugdwet=False)[2][1]
    pack = EvidencePack(
        organisation=organisation.name,
        year=year,
        region=region.name,
        made_on=today,
        regulations=_regulations(year, names),
        regulation_url=settings.SITE_URL + reverse("intake:regulation"),
        publicity=redact(publicity, names),
        report=_final_report(year, region),
        report_required=ReportLedger().is_required(ReportRef(Variant.WKO, year, region.pk)),
        complaints=complaints,
        meldcode=scope_dossiers(scope, restricted=True).count(),
        disputes=disputes,
        disputes_sentence=""
        if disputes
        else texts.NO_DISPUTES.format(year=year, organisation=organisation.name),
        timelines=_timelines(sample),
        statement="" if complaints else NO_COMPLAINTS.format(year=year, region=region.name),
    )
    pack.dates = _dates(pack)
    return pack


def _dates(pack: EvidencePack) -> set[date]:
    """Every date the pack prints, and those the final report it carries prints (improvements
    and disputes of the year, R1): process dates, which the check does not take for birthdays."""
    found: set[date] = {pack.made_on}
    for regulation in pack.regulations:
        found |= {regulation.in_force_from, regulation.in_force_until, regulation.published_on}
        found |= {a.on for a in regulation.advices}
    if pack.report is not None:
        r = pack.report
        found |= {r.final_on, r.ggd_on, r.parents_on, r.published_on}
        for decided, done in Improvement.objects.filter(decided_on__year=pack.year).values_list(
            "decided_on", "done_on"
        ):
            found |= {decided, done}
    for row in pack.complaints:
        found |= {row.received, row.due, row.answered}
    for dispute in pack.disputes:
        found |= {dispute.started_on, dispute.ended_on}
    for timeline in pack.timelines:
        found |= {timeline.received} | {s.on for s in timeline.steps}
    return found - {None}


# --- the check ------------------------------------------------------------------------------


def _as_date(text: str) -> date | None:
    """The date a date hit of the check stands for ("03-02-2025", "2025-02-03", "3 februari
    2025"), or None."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    try:
        if ISO_DATE.fullmatch(text):
            return date(numbers[0], numbers[1], numbers[2])
        if len(numbers) == 3:
            return date(numbers[2], numbers[1], numbers[0])
        word = re.search("|".join(MONTH_NAMES), text, re.IGNORECASE)
        if word and len(numbers) == 2:
            return date(numbers[1], MONTH_NAMES.index(word.group(0).lower()) + 1, numbers[0])
    except ValueError:
        return None
    return None


def pack_check(pack: EvidencePack, files: dict[str, str | list[str]]) -> list[Hit]:
    """The report's personal-data check (`privacy.scan_text`: every known name, e-mail, phone,
    address, postcode, BSN, IBAN, plate and date) over the text of each file of the pack.

    A date is reported unless it is one the pack printed from a date field (`pack.dates`): a
    date of receipt or of an answer is what the inspection is about, a date in a text may be a
    birthday. A file is one text, or its pieces (cells, paragraphs) each checked on its own.
    Returns the hits; an empty list is a clean pack.
    """
    names = known_names()
    hits = []
    for name, text in files.items():
        for piece in [text] if isinstance(text, str) else text:
            for hit in scan_text(piece, where=name, names=names):
                if hit.kind.startswith("datum") and _as_date(hit.text) in pack.dates:
                    continue
                hits.append(hit)
    return hits
