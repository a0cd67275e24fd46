"""The inspector's evidence pack pages (issue 17): pick year and region, pick the sample,
download the PDF or the ZIP. Who may: `access.ACTIONS["evidence_pack"]`; which dossiers may
be picked: `evidence.evidence_candidates` (what the user may see)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from klachtwijs.organisation.decorators import staff_view
from klachtwijs.organisation.models import Region
from klachtwijs.reports import forms
from klachtwijs.reports.evidence import evidence_candidates, evidence_pack
from klachtwijs.reports.evidence_files import evidence_pdf, evidence_zip


@staff_view("evidence_pack")
def evidence_index(request: HttpRequest) -> HttpResponse:
    """Pick the year and the GGD region."""
    form = forms.EvidencePickForm(request.GET or None)
    if form.is_valid():
        return redirect(
            "reports:evidence",
            year=form.cleaned_data["year"],
            region_id=form.cleaned_data["region"].pk,
        )
    return render(request, "reports/evidence_index.html", {"form": form})


def _page(request, year: int, region: Region, form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "reports/evidence.html",
        {"year": year, "region": region, "form": form},
        status=status,
    )


@staff_view("evidence_pack")
def evidence(request: HttpRequest, year: int, region_id: int) -> HttpResponse:
    """The sample to pick and the two downloads."""
    region = get_object_or_404(Region, pk=region_id)
    candidates = evidence_candidates(year=year, region=region, viewer=request.user)
    return _page(request, year, region, forms.EvidenceForm(candidates=candidates))


@staff_view("evidence_pack")
def evidence_export(request: HttpRequest, year: int, region_id: int) -> HttpResponse:
    """The pack as PDF or ZIP, made now (a year of a region takes seconds). The access log
    keeps the download ("export" in the URL name, core/middleware.py), with the sample."""
    region = get_object_or_404(Region, pk=region_id)
    candidates = evidence_candidates(year=year, region=region, viewer=request.user)
    form = forms.EvidenceForm(request.GET, candidates=candidates)
    if not form.is_valid():
        return _page(request, year, region, form, status=400)
    sample = form.cleaned_data["dossiers"]
    fmt = form.cleaned_data["format"] or "pdf"
    pack = evidence_pack(year=year, region=region, sample_ids=sample, viewer=request.user)
    references = ", ".join(t.reference for t in pack.timelines) or "geen"
    request.access_log_detail = f"bewijsmap {year} {region.name} ({fmt}), steekproef: {references}"
    try:
        data = evidence_pdf(pack) if fmt == "pdf" else evidence_zip(pack)
    except ValidationError as exc:
        form.add_error(None, exc.messages[0])
        return _page(request, year, region, form, status=409)
    response = HttpResponse(
        data, content_type="application/pdf" if fmt == "pdf" else "application/zip"
    )
    filename = f"{pack.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
