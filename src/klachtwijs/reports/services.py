"""The only writers of annual reports: the report's life, accepted hits, files, reminders.

The life of a report (LEGAL.md R1–R5): draft -> final (personal-data check clean) -> discussed
with management (date) -> discussed with the client panel (date, advice) -> sent (to the GGD of
each region by mail with the PDF, and made known to all parents; both dates recorded) ->
published. Each step is one transaction that writes its date; an illegal step is refused with
a Dutch message.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from klachtwijs.feedback import rules
from klachtwijs.feedback.models import Kind
from klachtwijs.notifications.services import Attachment, message_queue
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Region, User
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.reports import jeugdwet
from klachtwijs.reports.content import Progress, ReportContent, _quiet
from klachtwijs.reports.figures import year_bounds
from klachtwijs.reports.models import (
    AnnualReport,
    ReportFile,
    ReportSending,
    ReportStatus,
    Variant,
)
from klachtwijs.reports.selectors import report_check, report_content_get

S = ReportStatus
# action: (from, to). The whole life of a report in one table.
TRANSITIONS: dict[str, tuple[str, str]] = {
    "make_final": (S.DRAFT, S.FINAL),
    "back_to_draft": (S.FINAL, S.DRAFT),
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


def _lock(report_id: int) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=report_id)
    )


def _step(report: AnnualReport, action: str) -> None:
    """Refuse a step the table does not allow from the current status. The caller then writes
    the step's date, which moves the status (see `AnnualReport.status`)."""
    source, _target = TRANSITIONS[action]
    if report.status != source:
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
def report_make_final(*, report_id: int, by: User) -> AnnualReport:
    """draft -> final, only with a clean personal-data check (LEGAL.md R2)."""
    report = _lock(report_id)
    _step(report, "make_final")
    jeugdwet.report_final_check(report)  # R5: the committee's year is entered
    if not report_check(report).is_clean:
        raise ValidationError(NOT_CLEAN)
    report.final_at = timezone.now()
    report.save(update_fields=["final_at"])
    return report


@transaction.atomic
def report_back_to_draft(*, report_id: int, by: User) -> AnnualReport:
    """final -> draft: to change texts before anyone discussed the report."""
    report = _lock(report_id)
    _step(report, "back_to_draft")
    report.final_at = None
    report.save(update_fields=["final_at"])
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
    return report


def _ggd_regions(report: AnnualReport) -> list[Region]:
    if report.region_id:
        return [report.region]
    return list(Region.objects.filter(locations__isnull=False).distinct())


@transaction.atomic
def report_send(
    *, report_id: int, on: date, parents_informed_on: date | None, by: User
) -> AnnualReport:
    """Send the report (LEGAL.md R3, R5) and record that all parents were told.

    Wko: one mail per GGD region, with the PDF (a `ReportFile`), each recorded as a
    `ReportSending`. Jeugdwet: the report goes to the Ministers and the IGJ, not the GGD; only
    the date is recorded here.
    """
    _past(on, "on")
    if parents_informed_on is None:
        raise ValidationError({"parents_informed_on": NEEDS_PARENTS_DATE})
    _past(parents_informed_on, "parents_informed_on")
    report = _lock(report_id)
    _step(report, "send")
    if report.variant == Variant.WKO:
        regions = _ggd_regions(report)
        if not regions:
            raise ValidationError(NO_REGION_TO_SEND)
        pdf = report_file_create(report=report, fmt=ReportFile.Format.PDF, by=by)
        report_file_render(file_id=pdf.pk)
        pdf.refresh_from_db()
        organisation = organisation_get()
        attachment = Attachment(pdf.filename, "application/pdf", pdf.file.name)
        for region in regions:
            message = message_queue(
                kind="annual_report_ggd",
                to=region.ggd_email,
                context={"report": report, "region": region, "organisation": organisation},
                attachments=[attachment],
            )
            ReportSending.objects.create(
                report=report, region=region, sent_on=on, message=message, file=pdf
            )
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
    """GGD regions still waiting for last year's report, from 1 May until 31 May.

    A region is due when it had complaints last year (no report is required otherwise, Wko
    1.57b lid 9) and no Wko report covering it has been sent (Wko 1.57b lid 8).
    """
    year = today.year - 1
    if not rules.report_reminder_starts(year) <= today <= rules.report_due(year):
        return []
    start, end = year_bounds(year)
    sent = ReportSending.objects.filter(report__year=year, report__variant=Variant.WKO)
    return list(
        Region.objects.filter(
            locations__feedback__kind=Kind.COMPLAINT,
            locations__feedback__is_restricted=False,
            locations__feedback__received_at__gte=start,
            locations__feedback__received_at__lt=end,
        )
        .exclude(pk__in=sent.values("region_id"))
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def report_reminders_send(*, today: date) -> int:
    """Mail the quality officers while last year's report is not sent; returns mails queued."""
    regions = report_reminders_due(today=today)
    if not regions:
        return 0
    year = today.year - 1
    emails = access.recipients(access.TOLD_ANNUAL_REPORT)
    context = {
        "year": year,
        "regions": [r.name for r in regions],
        "due": rules.report_due(year),
        "organisation": organisation_get(),
    }
    for email in emails:
        message_queue(kind="annual_report_reminder", to=email, context=context)
    return len(emails)
