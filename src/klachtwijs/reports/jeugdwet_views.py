"""The Jeugdwet report's own pages (LEGAL.md R5): thin views over `reports/jeugdwet.py`.

- /staff/jaarverslag/commissie/<year>/: the complaints committee of a year (entered per year);
- /staff/jaarverslag/<pk>/jeugdwet/<step>/: adoption, publication and a recipient with its date.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from klachtwijs.core.form_errors import add_errors
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.reports import jeugdwet, jeugdwet_forms
from klachtwijs.reports.models import AnnualReport, Variant

FIRST_YEAR = 2000


def detail_context(report: AnnualReport) -> dict:
    """What the report page shows of a Jeugdwet report (nothing for a Wko report)."""
    if report.variant != Variant.JEUGDWET:
        return {}
    return {
        "jeugdwet": jeugdwet.jeugdwet_state(report),
        "jeugdwet_forms": [
            (step, form_class(prefix=step))
            for step, form_class in jeugdwet_forms.STEP_FORMS.items()
        ],
    }


@staff_view("report_edit")
def committee_year(request: HttpRequest, year: int) -> HttpResponse:
    """Enter the committee of `year`: members, chair, could it work, its recommendations."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    record = jeugdwet.committee_year_get(year)
    # The report page this came from, to go back to (`?verslag=<pk>`), when it exists.
    back = request.GET.get("verslag", "")
    back = int(back) if back.isdigit() and AnnualReport.objects.filter(pk=back).exists() else None
    initial = (
        {
            "members": record.members,
            "chair": record.chair,
            "chair_independent": record.chair_independent,
            "could_work": record.could_work,
            "explanation": record.explanation,
            "recommendations": record.recommendations,
        }
        if record
        else {"could_work": True}
    )
    form = jeugdwet_forms.CommitteeYearForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            jeugdwet.committee_year_save(year=year, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("De klachtencommissie van %(year)s is opgeslagen.") % {"year": year},
            )
            if back is not None:
                return redirect("reports:detail", pk=back)
            return redirect("reports:committee_year", year=year)
    return render(
        request,
        "reports/committee_year.html",
        {"form": form, "year": year, "record": record, "report_pk": back},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_view("report_edit")
def jeugdwet_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Adoption, publication or one recipient of the Jeugdwet report, with its date."""
    report = get_object_or_404(AnnualReport, pk=pk)
    form_class = jeugdwet_forms.STEP_FORMS.get(step)
    if form_class is None or report.variant != Variant.JEUGDWET:
        raise Http404
    form = form_class(request.POST, prefix=step)
    service = {
        "adopt": jeugdwet.jeugdwet_adopt,
        "publish": jeugdwet.jeugdwet_publish,
        "recipient": jeugdwet.jeugdwet_recipient_record,
    }[step]
    if form.is_valid():
        try:
            service(report_id=report.pk, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, gettext("Opgeslagen."))
            return redirect("reports:detail", pk=pk)
    # Show the page again with the errors next to the fields and what was typed kept.
    from klachtwijs.reports.views import report_detail_render

    return report_detail_render(request, report.pk, jeugdwet_form=(step, form), status=400)
