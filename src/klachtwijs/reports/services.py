"""The only writers of annual reports: the report's life, accepted hits, files, reminders.

The life of a report (LEGAL.md R1–R5): draft -> final (year ended, personal-data check clean;
the PDF and DOCX rendered once and stored with their SHA-256 as a `ReportVersion`) -> discussed
with management (date) -> discussed with the client panel (date, advice) -> sent (to the GGD of
each region by mail with the stored PDF, and made known to all parents; both dates recorded) ->
published. From final on the report can be reopened: the version is kept (with what was sent
of it) and the next 'final' makes a new one. Each step is one transaction that writes its
date; an illegal step is refused with a Dutch message.
"""

import hashlib
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from klachtwijs.feedback import rules
from klachtwijs.notifications.services import Attachment, message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Region, User
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports import jeugdwet
from klachtwijs.reports.content import Progress, ReportContent, _quiet
from klachtwijs.reports.models import (
    AnnualReport,
    ReportFile,
    ReportSending,
    ReportStatus,
    ReportVersion,
    Variant,
)
from klachtwijs.reports.selectors import (
    parents_gaps_of_year,
    report_check,
    report_content_get,
    report_current_version,
    wko_regions_unsent,
)

S = ReportStatus
# action: (from, to); `from` is one status or a tuple of them. The whole life of a report in
# one table.
TRANSITIONS: dict[str, tuple[str | tuple[str, ...], str]] = {
    "make_final": (S.DRAFT, S.FINAL),
    "reopen": (
        (S.FINAL, S.DISCUSSED_MANAGEMENT, S.DISCUSSED_CLIENT_PANEL, S.SENT, S.PUBLISHED),
        S.DRAFT,
    ),
    "discuss_management": (S.FINAL, S.DISCUSSED_MANAGEMENT),
    "discuss_client_panel": (S.DISCUSSED_MANAGEMENT, S.DISCUSSED_CLIENT_PANEL),
    "send": (S.DISCUSSED_CLIENT_PANEL, S.SENT),
    "publish": (S.SENT, S.PUBLISHED),
}
ILLEGAL_STEP = "Deze stap kan nu niet: het verslag is {status}."
NOT_CLEAN = (
    "Het verslag kan nog niet definitief worden. Los eerst alle meldingen van de "
    "privacycontrole op of accepteer ze, en vul bij elke klacht de omschrijving en de "
    "afhandeling voor het jaarverslag in."
)
ONLY_DRAFT = "Een melding accepteren kan alleen zolang het verslag een concept is."
UNKNOWN_HIT = "Deze melding bestaat niet (meer). Vernieuw de pagina."
FUTURE_DATE = "Deze datum ligt in de toekomst."
NEEDS_ADVICE = "Schrijf het advies van het klantpanel op."
NEEDS_PARENTS_DATE = "Vul in wanneer alle ouders het verslag te zien kregen."
NO_REGION_TO_SEND = "Er is geen GGD-regio met vestigingen om het verslag naar te sturen."
YEAR_NOT_ENDED = (
    "Het verslag over {year} kan nog niet definitief worden: dat jaar is nog niet voorbij. "
    "Vanaf 1 januari {next} kan het wel."
)
NO_VERSION = (
    "Van dit verslag is geen vastgelegde definitieve versie. Heropen het en maak het opnieuw "
    "definitief: dan worden de pdf en de docx één keer gemaakt en bewaard, en gaat precies dat "
    "bestand naar de GGD."
)
NEEDS_REASON = "Schrijf op waarom het verslag wordt heropend."


def _lock(report_id: int) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=report_id)
    )


def step_allowed(report: AnnualReport, action: str) -> bool:
    """Whether the table allows `action` from the report's current status."""
    source, _target = TRANSITIONS[action]
    return report.status in (source if isinstance(source, tuple) else (source,))


def _step(report: AnnualReport, action: str) -> None:
    """Refuse a step the table does not allow from the current status. The caller then writes
    the step's date, which moves the status (see `AnnualReport.status`)."""
    if not step_allowed(report, action):
        raise ValidationError(ILLEGAL_STEP.format(status=report.get_status_display()))


def _past(on: date, field: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: FUTURE_DATE})


@transaction.atomic
def report_get_or_create(
    *, year: int, region: Region | None, variant: str, by: User
) -> AnnualReport:
    """The report of a year, region and variant; a new one starts as a draft."""
    report, _created = AnnualReport.objects.get_or_create(
        year=year, region=region, variant=variant, defaults={"created_by": by}
    )
    return report


@transaction.atomic
def report_make_final(*, report_id: int, by: User, at: datetime | None = None) -> AnnualReport:
    """draft -> final (LEGAL.md R2, R3): only for a year that has ended and with a clean
    personal-data check. The content that was checked is rendered once, as PDF and DOCX, and
    stored with its SHA-256 and the hits accepted so far as the next `ReportVersion`: what
    goes to the GGD, the parents and the client panel from now on is that file."""
    at = at or timezone.now()
    report = _lock(report_id)
    _step(report, "make_final")
    jeugdwet.report_final_check(report)  # R5: the committee's year is entered
    if report.year >= timezone.localdate(at).year:
        raise ValidationError(YEAR_NOT_ENDED.format(year=report.year, next=report.year + 1))
    content = report_content_get(report)
    if not report_check(report, content=content).is_clean:
        raise ValidationError(NOT_CLEAN)
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ReportVersion(
        report=report, number=number, final_at=at, final_by=by, accepted_hits=report.accepted_hits
    )
    for fmt in (ReportFile.Format.PDF, ReportFile.Format.DOCX):
        data = report_bytes(content, fmt=fmt)
        getattr(version, fmt).save(version.filename(fmt), ContentFile(data), save=False)
        setattr(version, f"{fmt}_sha256", hashlib.sha256(data).hexdigest())
    version.save()
    report.final_at = at
    report.save(update_fields=["final_at"])
    return report


LIFE_FIELDS = (
    "final_at",
    "management_discussed_on",
    "client_panel_discussed_on",
    "client_panel_advice",
    "sent_on",
    "parents_informed_on",
    "published_on",
    "public_url",
)


@transaction.atomic
def report_reopen(
    *, report_id: int, reason: str, by: User, at: datetime | None = None
) -> AnnualReport:
    """Final or later -> draft, to change the report (LEGAL.md R2, R3). The final version is
    kept, with the dates its life reached and what was sent of it; the report starts its life
    again and the next 'final' makes a new version that passes the personal-data check anew."""
    if not reason.strip():
        raise ValidationError({"reason": NEEDS_REASON})
    at = at or timezone.now()
    report = _lock(report_id)
    _step(report, "reopen")
    version = report_current_version(report)
    life = {name: getattr(report, name) for name in LIFE_FIELDS}
    if version is not None:
        version.reopened_at, version.reopened_by = at, by
        version.reopen_reason = reason.strip()
        version.life = {
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in life.items()
        }
        version.save(update_fields=["reopened_at", "reopened_by", "reopen_reason", "life"])
    for name in LIFE_FIELDS:
        setattr(report, name, "" if name in ("client_panel_advice", "public_url") else None)
    report.save(update_fields=list(LIFE_FIELDS))
    return report


@transaction.atomic
def report_discuss_management(*, report_id: int, on: date, by: User) -> AnnualReport:
    """final -> discussed with management, on `on`."""
    _past(on, "on")
    report = _lock(report_id)
    _step(report, "discuss_management")
    report.management_discussed_on = on
    report.save(update_fields=["management_discussed_on"])
    return report


@transaction.atomic
def report_discuss_client_panel(*, report_id: int, on: date, advice: str, by: User) -> AnnualReport:
    """Discussed with management -> discussed with the client panel, with its advice."""
    _past(on, "on")
    if not advice.strip():
        raise ValidationError({"advice": NEEDS_ADVICE})
    report = _lock(report_id)
    _step(report, "discuss_client_panel")
    report.client_panel_discussed_on, report.client_panel_advice = on, advice.strip()
    report.save(update_fields=["client_panel_discussed_on", "client_panel_advice"])
    version = report_current_version(report)
    if version is not None:  # the panel discussed (and can download) this very file
        ReportSending.objects.create(
            report=report,
            version=version,
            audience=ReportSending.Audience.CLIENT_PANEL,
            sent_on=on,
        )
    return report


def _ggd_regions(report: AnnualReport) -> list[Region]:
    if report.region_id:
        return [report.region]
    return list(Region.objects.filter(locations__isnull=False).distinct())


@transaction.atomic
def report_send(
    *, report_id: int, on: date, parents_informed_on: date | None, by: User
) -> AnnualReport:
    """Send the report's final version (LEGAL.md R3, R5) and record that all parents were told.

    Wko: one mail per GGD region with the stored PDF of the current `ReportVersion` (never a
    new rendering), each recorded as a `ReportSending`. Jeugdwet: the report goes to the
    Ministers and the IGJ, not the GGD; only the date is recorded here. The parents' date is
    recorded as a sending too; when it differs from the GGD's, the report page flags it (Wko
    1.57b lid 8: at the same time).
    """
    _past(on, "on")
    if parents_informed_on is None:
        raise ValidationError({"parents_informed_on": NEEDS_PARENTS_DATE})
    _past(parents_informed_on, "parents_informed_on")
    report = _lock(report_id)
    _step(report, "send")
    version = report_current_version(report)
    if version is None:
        raise ValidationError(NO_VERSION)
    if report.variant == Variant.WKO:
        regions = _ggd_regions(report)
        if not regions:
            raise ValidationError(NO_REGION_TO_SEND)
        organisation = organisation_get()
        attachment = Attachment(version.filename("pdf"), "application/pdf", version.pdf.name)
        for region in regions:
            message = message_queue(
                kind="annual_report_ggd",
                to=region.ggd_email,
                context={"report": report, "region": region, "organisation": organisation},
                attachments=[attachment],
            )
            ReportSending.objects.create(
                report=report, version=version, region=region, sent_on=on, message=message
            )
    ReportSending.objects.create(
        report=report,
        version=version,
        audience=ReportSending.Audience.PARENTS,
        sent_on=parents_informed_on,
    )
    version.sent_on = on
    version.save(update_fields=["sent_on"])
    report.sent_on, report.parents_informed_on = on, parents_informed_on
    report.save(update_fields=["sent_on", "parents_informed_on"])
    return report


@transaction.atomic
def report_publish(*, report_id: int, on: date, public_url: str = "", by: User) -> AnnualReport:
    """Sent -> published, with a public link to the PDF if the organisation wants one."""
    _past(on, "on")
    report = _lock(report_id)
    _step(report, "publish")
    report.published_on, report.public_url = on, public_url.strip()
    report.save(update_fields=["published_on", "public_url"])
    ReportVersion.objects.filter(report=report, reopened_at__isnull=True).update(published_on=on)
    return report


@transaction.atomic
def report_accept_hit(*, report_id: int, key: str, by: User) -> AnnualReport:
    """Accept a personal-data hit as harmless (e.g. a common word that is also a name)."""
    report = _lock(report_id)
    if not report.is_draft:
        raise ValidationError(ONLY_DRAFT)
    hit = next((h for h in report_check(report).hits if h.key == key), None)
    if hit is None:
        raise ValidationError(UNKNOWN_HIT)
    if key not in {item["key"] for item in report.accepted_hits}:
        report.accepted_hits = [
            *report.accepted_hits,
            {
                "key": key,
                "kind": hit.kind,
                "text": hit.text,
                "where": hit.where,
                "by": by.get_username(),
                "at": timezone.now().isoformat(),
            },
        ]
        report.save(update_fields=["accepted_hits"])
    return report


# --- files ------------------------------------------------------------------------------


def report_bytes(content: ReportContent, *, fmt: str, progress: Progress = _quiet) -> bytes:
    """The report in `fmt` (html, pdf or docx) as bytes."""
    if fmt == ReportFile.Format.PDF:
        from klachtwijs.reports.render_pdf import render_pdf

        return render_pdf(content, progress=progress)
    if fmt == ReportFile.Format.DOCX:
        from klachtwijs.reports.render_docx import render_docx

        return render_docx(content, progress=progress)
    from klachtwijs.reports.render_html import render_html

    return render_html(content, progress=progress).encode()


def report_file_create(*, report: AnnualReport, fmt: str, by: User | None) -> ReportFile:
    """A queued file; `tasks.report_file_render_task` (or the caller) makes it."""
    return ReportFile.objects.create(report=report, format=fmt, created_by=by)


def report_file_render(*, file_id: int) -> ReportFile:
    """Make the file, storing the progress on the row so a page can show it. Idempotent: a
    finished file is left alone."""
    file = ReportFile.objects.select_related("report__region").get(pk=file_id)
    if file.state == ReportFile.State.DONE:
        return file

    def progress(percent: int, step: str) -> None:
        ReportFile.objects.filter(pk=file_id).update(progress=percent, step=step[:100])

    ReportFile.objects.filter(pk=file_id).update(state=ReportFile.State.RUNNING)
    try:
        content = report_content_get(file.report, progress=progress)
        data = report_bytes(content, fmt=file.format, progress=progress)
    except Exception as exc:
        ReportFile.objects.filter(pk=file_id).update(state=ReportFile.State.FAILED, error=str(exc))
        raise
    file.file.save(file.filename, ContentFile(data), save=False)
    file.state, file.progress, file.step = ReportFile.State.DONE, 100, "Klaar"
    file.finished_at = timezone.now()
    file.save(update_fields=["file", "state", "progress", "step", "finished_at"])
    return file


# --- reminders --------------------------------------------------------------------------


def report_reminders_due(*, today: date) -> list[Region]:
    """GGD regions still waiting for last year's report, from 1 May until the year ends.

    A region is due when it had complaints under the Wet kinderopvang last year (no report is
    required otherwise, Wko 1.57b lid 9) and no report covering it has been sent to its GGD
    (Wko 1.57b lid 8). From 1 June (after `rules.report_due`) the report is late.
    """
    year = today.year - 1
    if today < rules.report_reminder_starts(year):
        return []
    return wko_regions_unsent(year)


def _queued_today(kind: str, to: str, today: date) -> bool:
    from klachtwijs.notifications.models import OutboxMessage

    return OutboxMessage.objects.filter(kind=kind, to=to, created_at__date=today).exists()


@transaction.atomic
def report_reminders_send(*, today: date) -> int:
    """Mail while last year's report is not at every GGD; returns the mails queued.

    In May (`rules.report_reminder_starts` .. `rules.report_due`) the quality department gets
    a reminder; from 1 June the quality lead gets one every day saying the report is late (Wko
    1.57b lid 8). Both name any GGD mail whose day differs from the day the parents were told.
    Run it once or several times a day: each address gets at most one such mail a day.
    """
    regions = report_reminders_due(today=today)
    if not regions:
        return 0
    year = today.year - 1
    late = today > rules.report_due(year)
    kind = "annual_report_late" if late else "annual_report_reminder"
    purpose = access.TOLD_ANNUAL_REPORT_LATE if late else access.TOLD_ANNUAL_REPORT
    context = {
        "year": year,
        "regions": [r.name for r in regions],
        "due": rules.report_due(year),
        "days_late": (today - rules.report_due(year)).days,
        "gaps": parents_gaps_of_year(year),
        "organisation": organisation_get(),
    }
    queued = 0
    for email in access.recipients(purpose):
        if not _queued_today(kind, email, today):
            message_queue(kind=kind, to=email, context=context)
            queued += 1
    return queued
