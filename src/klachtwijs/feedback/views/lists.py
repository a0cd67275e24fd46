"""The overview, the handler's own page and the exports of the filtered overview."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from klachtwijs.core.pagination import CappedPaginator
from klachtwijs.feedback import exports, rules, selectors, workflow
from klachtwijs.feedback.filters import SORT_CHOICES, FeedbackFilterForm
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.organisation.models import Role

PER_PAGE = 25
# Where roles without a dossier list start (DESIGN §1).
ROLE_HOME = {
    Role.CLIENT_PANEL: "/staff/jaarverslag/klantpanel/",
    Role.ADMINISTRATOR: "/staff/inrichting/",
}


def _with_term(rows, today):
    """Attach days left and its colour (rules.term_colour) to each open dossier."""
    for f in rows:
        due = f.due_on if f.status in workflow.OPEN else None
        f.days_left = rules.days_left(due, today) if due else None
        f.term_colour = rules.term_colour(f.days_left)
        f.days_over = -f.days_left if f.days_left is not None and f.days_left < 0 else 0
    return rows


@staff_view("staff_home")
def home(request: HttpRequest) -> HttpResponse:
    """The overview of dossiers; roles without one go to their own start page."""
    if not access.can(request.user, "dossier_list"):
        return redirect(ROLE_HOME.get(request.user.role, "/staff/jaarverslag/"))
    today = timezone.localdate()
    form = FeedbackFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    page = CappedPaginator(
        selectors.feedback_list(user=request.user, filters=filters, today=today), PER_PAGE
    ).get_page(request.GET.get("pagina"))
    _with_term(page.object_list, today)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "staff/list_overview.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            **selectors.overview_summary(user=request.user, today=today),
            "can_export": access.can(request.user, "export"),
            "sort_choices": SORT_CHOICES,
        },
    )


@staff_view("dossier_list")
def mine(request: HttpRequest) -> HttpResponse:
    """The handler's own page: my dossiers with their terms, my measures that are due."""
    today = timezone.localdate()
    dossiers = _with_term(list(selectors.feedback_mine(user=request.user)), today)
    measures = list(selectors.measures_mine(user=request.user))
    for m in measures:
        m.days_left = rules.days_left(m.due_date, today)
        m.term_colour = rules.term_colour(m.days_left)
    return render(request, "staff/mine.html", {"dossiers": dossiers, "measures": measures})


def _export_rows(request: HttpRequest):
    today = timezone.localdate()
    form = FeedbackFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    queryset = selectors.feedback_list(user=request.user, filters=filters, today=today)
    return exports.export_rows(queryset, today=today)


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="klantreacties-{stamp}.{extension}"'
    return response


@staff_view("export")
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered overview as CSV (same filters as the page)."""
    return _download(exports.to_csv(_export_rows(request)), "text/csv; charset=utf-8", "csv")


@staff_view("export")
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered overview as an Excel workbook."""
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(exports.to_xlsx(_export_rows(request)), content_type, "xlsx")
