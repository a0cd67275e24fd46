"""The annual report pages under /staff/jaarverslag/: thin views over selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from klachtwijs.feedback.services import feedback_set_report_texts
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.reports import forms, jeugdwet_views, selectors, services, tasks
from klachtwijs.reports.models import AnnualReport, ReportFile, ReportStatus, ReportVersion
from klachtwijs.reports.render_html import html_context

STEP_LABELS = {
    "make_final": _("Definitief maken"),
    "reopen": _("Heropenen (nieuwe versie)"),
    "discuss_management": _("Besproken met het management"),
    "discuss_client_panel": _("Besproken met het klantpanel"),
    "send": _("Versturen (GGD) en ouders inlichten"),
    "publish": _("Publiceren"),
}


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@staff_view("report_view")
def report_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/index.html",
        {
            "reports": selectors.report_list(),
            "form": forms.PickForm(),
            "can_edit": access.can(request.user, "report_edit"),
            "can_evidence": access.can(request.user, "evidence_pack"),
        },
    )


@require_POST
@staff_view("report_edit")
def report_create(request: HttpRequest) -> HttpResponse:
    form = forms.PickForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reports/index.html",
            {"reports": selectors.report_list(), "form": form, "can_edit": True},
            status=400,
        )
    report = services.report_get_or_create(by=request.user, **form.cleaned_data)
    return redirect("reports:detail", pk=report.pk)


@staff_view("report_view")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return report_detail_render(request, pk)


def report_detail_render(
    request: HttpRequest, pk: int, *, jeugdwet_form: tuple | None = None, status: int = 200
) -> HttpResponse:
    """The report page; `jeugdwet_form` (step, bound form) shows a refused Jeugdwet step with
    its errors and what was typed."""
    report = get_object_or_404(selectors.report_list(), pk=pk)
    content = selectors.report_content_get(report)
    steps = []
    for action in services.TRANSITIONS:
        if services.step_allowed(report, action):
            form_class = forms.STEP_FORMS[action]
            steps.append((action, STEP_LABELS[action], form_class() if form_class else None))
    extra = jeugdwet_views.detail_context(report)
    if jeugdwet_form is not None and extra:
        extra["jeugdwet_forms"] = [
            jeugdwet_form if step == jeugdwet_form[0] else (step, form)
            for step, form in extra["jeugdwet_forms"]
        ]
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            **html_context(content),
            "steps": steps,
            "can_edit": access.can(request.user, "report_edit"),
            "can_evidence": access.can(request.user, "evidence_pack"),
            "files": selectors.report_files(report),
            "file_form": forms.FileForm(),
            **extra,
            "versions": selectors.report_versions(report),
            "gaps": selectors.parents_gaps([report]),
        },
        status=status,
    )


@require_POST
@staff_view("report_edit")
def report_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    if action not in forms.STEP_FORMS:
        raise Http404
    form_class = forms.STEP_FORMS[action]
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(
                    request,
                    gettext("%(label)s: %(errors)s") % {"label": label, "errors": " ".join(errors)},
                )
            return redirect("reports:detail", pk=pk)
        data = form.cleaned_data
    service = getattr(services, f"report_{action}")
    try:
        service(report_id=report.pk, by=request.user, **data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, gettext("Gelukt: %(step)s.") % {"step": STEP_LABELS[action].lower()}
        )
    return redirect("reports:detail", pk=pk)


@staff_view("report_edit")
def report_check(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    result = selectors.report_check(report)
    return render(
        request,
        "reports/check.html",
        {"report": report, "result": result, "draft": report.status == ReportStatus.DRAFT},
    )


@require_POST
@staff_view("report_edit")
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.report_accept_hit(report_id=pk, key=request.POST.get("key", ""), by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, gettext("De melding is geaccepteerd."))
    return redirect("reports:check", pk=pk)


@require_POST
@staff_view("report_edit")
def report_fix(request: HttpRequest, pk: int, feedback_id: int) -> HttpResponse:
    """Fix a dossier's report texts from the check page (the dossier's own service writes)."""
    get_object_or_404(AnnualReport, pk=pk)
    feedback = access.feedback_get(request.user, feedback_id, "report_texts")
    form = forms.FixForm(request.POST)
    if form.is_valid():
        feedback_set_report_texts(feedback_id=feedback.pk, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            gettext("De teksten van %(reference)s zijn opgeslagen.")
            % {"reference": feedback.reference},
        )
    else:
        messages.error(request, gettext("Vul de omschrijving en de afhandeling allebei in."))
    return redirect("reports:check", pk=pk)


@require_POST
@staff_view("report_view")
def report_file_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    form = forms.FileForm(request.POST)
    if not form.is_valid():
        raise Http404
    file = services.report_file_create(
        report=report, fmt=form.cleaned_data["format"], by=request.user
    )
    tasks.report_file_render_task.enqueue(file.pk)
    return redirect("reports:file", pk=pk, file_pk=file.pk)


@staff_view("report_view")
def report_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    file = get_object_or_404(ReportFile.objects.select_related("report"), pk=file_pk, report=pk)
    template = "reports/_file_progress.html" if request.htmx else "reports/file.html"
    return render(request, template, {"file": file, "report": file.report})


@staff_view("report_view")
def report_file_download(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    file = get_object_or_404(
        ReportFile.objects.select_related("report__region"), pk=file_pk, report=pk
    )
    if file.state != ReportFile.State.DONE:
        raise Http404
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.filename)


def _version_file(version: ReportVersion, fmt: str) -> FileResponse:
    if fmt not in (ReportFile.Format.PDF, ReportFile.Format.DOCX):
        raise Http404
    return FileResponse(
        getattr(version, fmt).open("rb"), as_attachment=True, filename=version.filename(fmt)
    )


@staff_view("report_view")
def report_version_download(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    """A final version's stored file, byte for byte what was checked and sent."""
    version = get_object_or_404(
        ReportVersion.objects.select_related("report__region"), report=pk, number=number
    )
    return _version_file(version, fmt)


@staff_view("client_panel")
def panel_index(request: HttpRequest) -> HttpResponse:
    """The client panel: report drafts and counts per quarter, never anything personal."""
    year = timezone.localdate().year - 1
    if request.GET.get("year", "").isdigit() and 2000 <= int(request.GET["year"]) <= 2100:
        year = int(request.GET["year"])
    return render(
        request,
        "reports/panel.html",
        {
            "reports": selectors.report_list(),
            "year": year,
            "quarters": selectors.panel_quarters(year=year),
        },
    )


@staff_view("client_panel")
def panel_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft as a redacted preview; a final report as its stored version (LEGAL.md R3: what
    the client panel gets is the file the GGD gets)."""
    report = get_object_or_404(selectors.report_list(), pk=pk)
    version = selectors.report_current_version(report)
    context = {"report": report, "version": version}
    if version is None:
        context |= html_context(selectors.report_content_for_panel(report))
    return render(request, "reports/panel_report.html", context)


@staff_view("client_panel")
def panel_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF of the final version in force, for the client panel."""
    report = get_object_or_404(AnnualReport, pk=pk)
    version = selectors.report_current_version(report)
    if version is None:
        raise Http404
    return _version_file(version, ReportFile.Format.PDF)
