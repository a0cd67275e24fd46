"""The management dashboard: one chosen period as charts and as tables."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from klachtwijs.feedback import charts, periods, selectors
from klachtwijs.feedback.forms import PeriodForm
from klachtwijs.organisation.decorators import staff_view


@staff_view("dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"periode": periods.DEFAULT}, today=today)
    key = form.cleaned_data["periode"] if form.is_valid() else periods.DEFAULT
    period = periods.period_get(key, today=today)
    figures = selectors.dashboard_figures(user=request.user, period=period)
    months = figures["months"]
    month_rows = [
        {
            "label": charts.month_label(m),
            "kinds": [values[i] for values in figures["by_kind"].values()],
            "answered": figures["answered"][i],
            "in_time_pct": figures["in_time_pct"][i],
            "lead_days": figures["lead_days"][i],
        }
        for i, m in enumerate(months)
    ]
    answers = figures["parent_answers"]
    answer_rows = [
        (_("Ja, gebeurd"), answers.confirmed),
        (_("Nee, niet gebeurd"), answers.denied),
        (_("Nog geen antwoord"), answers.unanswered),
    ]
    return render(
        request,
        "staff/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "month_rows": month_rows,
            "kinds": list(figures["by_kind"]),
            "period": period,
            "chart_kind": charts.stacked_months(months, figures["by_kind"]),
            "chart_category": charts.horizontal(figures["by_category"]),
            "chart_location": charts.horizontal(figures["by_location"]),
            "chart_in_time": charts.line_months(months, figures["in_time_pct"], "%"),
            "chart_lead": charts.line_months(months, figures["lead_days"], ""),
            "answer_rows": answer_rows,
            "chart_answers": charts.horizontal(answer_rows) if answers.asked else "",
        },
    )
