"""/staff/patronen/: the pattern alerts, their acknowledgement and the heat map. The rules are
in `reports.patterns`; this door parses, calls and renders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from klachtwijs.organisation.decorators import staff_view
from klachtwijs.reports import patterns as core


def _year(raw: str | None, default: int) -> tuple[int, str]:
    if raw in (None, ""):
        return default, ""
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 2000 <= year <= default + 1:
        return default, gettext("Kies een jaar tussen 2000 en %(max)s.") % {"max": default + 1}
    return year, ""


def _render(request: HttpRequest, *, status: int = 200, error_key: str = "", error: str = ""):
    today = timezone.localdate()
    year, year_error = _year(request.GET.get("jaar"), today.year)
    alerts = core.alerts_for(request.user, today=today)
    context = {
        "open_alerts": [a for a in alerts if a.acknowledgement is None],
        "done_alerts": [a for a in alerts if a.acknowledgement is not None],
        "heat": core.heat_map(request.user, year=year),
        "year_error": year_error,
        "jaar": request.GET.get("jaar", ""),
        "error_key": error_key,
        "error": error,
        "typed_note": request.POST.get("note", ""),
    }
    return render(request, "reports/patterns.html", context, status=status)


@staff_view("dashboard")
def patterns(request: HttpRequest) -> HttpResponse:
    return _render(request)


@require_POST
@staff_view("dashboard")
def acknowledge(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("key", "")
    try:
        core.alert_acknowledge(
            user=request.user, key=key, note=request.POST.get("note", ""), at=timezone.now()
        )
    except ValidationError as exc:
        return _render(request, status=400, error_key=key, error=" ".join(exc.messages))
    messages.success(request, gettext("Het patroon staat nu bij ‘Afgehandeld’."))
    return redirect("patterns:index")
