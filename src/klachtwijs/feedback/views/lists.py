"""The overview, the handler's own page and the exports of the filtered overview."""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template import engines
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup

from klachtwijs.core.cache import local_cached
from klachtwijs.core.pagination import CappedPaginator
from klachtwijs.feedback import exports, rules, selectors, workflow
from klachtwijs.feedback.filters import FILTER_CHOICES, SORT_CHOICES, FeedbackFilterForm
from klachtwijs.feedback.models import Kind, Status
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.organisation.models import Role

PER_PAGE = 25
# Where roles without a dossier list start (DESIGN §1).
ROLE_HOME = {
    Role.CLIENT_PANEL: "/staff/jaarverslag/klantpanel/",
    Role.ADMINISTRATOR: "/staff/inrichting/",
}
# What a list row shows, read as values: no model instances, no per-row queries.
ROW_FIELDS = (
    "pk",
    "reference",
    "is_anonymous",
    "received_at",
    "kind",
    "category__name",
    "location__name",
    "location__region__name",
    "service__name",
    "status",
    "handler__first_name",
    "handler__last_name",
    "handler__username",
    "due_on",
)
KIND_LABELS = dict(Kind.choices)
STATUS_LABELS = dict(Status.choices)
# The quick views shown as tabs above the list: (value of "weergave", key in the counters).
TABS = [
    ("", None, _("Alle")),
    (selectors.VIEW_TO_REGISTER, "to_register", _("Te registreren")),
    (selectors.VIEW_DUE_SOON, "due_soon", _("Termijn binnen 7 dagen")),
    (selectors.VIEW_OVERDUE, "overdue", _("Termijn verstreken")),
    (selectors.VIEW_OPEN, "open", _("Nog niet beantwoord")),
]


class Row:
    """One dossier of a list, with every cell ready to print (see `rows`)."""

    __slots__ = (
        "pk",
        "reference",
        "is_anonymous",
        "received_at",
        "kind_label",
        "category",
        "location",
        "region",
        "service",
        "status_label",
        "status_tone",
        "handler",
        "due_on",
        "days_left",
        "days_over",
        "term_colour",
        "term_label",
        "nr",
    )


def term_label(days_left: int | None) -> str:
    """The days-left badge's text: "3 dagen te laat", "vandaag", "nog 5 dagen" or "–"."""
    if days_left is None:
        return "–"
    if days_left < 0:
        return ngettext("%(days)s dag te laat", "%(days)s dagen te laat", -days_left) % {
            "days": -days_left
        }
    if days_left == 0:
        return gettext("vandaag")
    return ngettext("nog %(days)s dag", "nog %(days)s dagen", days_left) % {"days": days_left}


def rows(values, today, *, first_nr: int = 0) -> list[Row]:
    """List rows from `queryset.values(*ROW_FIELDS)`: labels of kind and status from their
    choices, the status badge's tone from `workflow.STATUS_TONE`, days left and its colour
    from `rules` (open dossiers only), and each row's place in the list (`nr`) for the
    dossier page's previous/next links."""
    out = []
    for nr, v in enumerate(values, start=first_nr):
        r = Row()
        r.pk, r.reference, r.is_anonymous = v["pk"], v["reference"], v["is_anonymous"]
        r.received_at = v["received_at"]
        r.kind_label = KIND_LABELS.get(v["kind"], v["kind"])
        r.category = v["category__name"] or ""
        r.location, r.region = v["location__name"], v["location__region__name"]
        r.service = v["service__name"]
        r.status_label = STATUS_LABELS.get(v["status"], v["status"])
        r.status_tone = workflow.STATUS_TONE.get(v["status"], "closed")
        name = f"{v['handler__first_name'] or ''} {v['handler__last_name'] or ''}".strip()
        r.handler = name or v["handler__username"] or ""
        r.due_on = v["due_on"]
        due = v["due_on"] if v["status"] in workflow.OPEN else None
        r.days_left = rules.days_left(due, today) if due else None
        r.term_colour = rules.term_colour(r.days_left)
        r.days_over = -r.days_left if r.days_left is not None and r.days_left < 0 else 0
        r.term_label = term_label(r.days_left)
        r.nr = nr
        out.append(r)
    return out


def filter_fields(form: FeedbackFilterForm, user) -> Markup:
    """The filter panel's fields but the search box and the quick view, rendered by
    layout/field.html's macro: kept in this process's memory per user's scope, language, year
    and chosen values until a choice list changes (`FILTER_CHOICES`), since the panel's
    hundred options cost more to render than the list itself (issue 18). Only valid values
    are kept (those are a bounded set); a panel with an error is rendered each time."""
    names = [name for name in form.fields if name not in ("q", "weergave")]

    def render_fields() -> Markup:
        field = engines["jinja2"].env.get_template("layout/field.html").module.field
        return Markup("").join(field(form[name]) for name in names)

    if form.is_bound and any(name in form.errors for name in names):
        return render_fields()
    data = form.data if form.is_bound else {}
    chosen = tuple((name, tuple(data.getlist(name))) for name in names if name in data)
    key = ("filter-panel", user.pk, user.role, get_language(), timezone.localdate().year, chosen)
    return local_cached(FILTER_CHOICES, key, render_fields)


def _carried(request: HttpRequest, *drop: str) -> QueryDict:
    """The list's query string without `drop` (kept in tabs, pages and dossier links)."""
    query = request.GET.copy()
    for key in ("pagina", "nr", *drop):
        query.pop(key, None)
    return query


def _with_query(query: QueryDict, **extra) -> str:
    query = query.copy()
    for key, value in extra.items():
        if value not in (None, ""):
            query[key] = value
    return query.urlencode()


@staff_view("staff_home")
def home(request: HttpRequest) -> HttpResponse:
    """The overview of dossiers; roles without one go to their own start page.

    The list first, one line per dossier; the filters (a GET form, so every state is a link)
    in a side panel; the quick views as tabs with their counts. With htmx (HX-Target "lijst")
    only the list region is sent back."""
    if not access.can(request.user, "dossier_list"):
        return redirect(ROLE_HOME.get(request.user.role, "/staff/jaarverslag/"))
    today = timezone.localdate()
    form = FeedbackFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    queryset = selectors.feedback_list(user=request.user, filters=filters, today=today)
    page = CappedPaginator(queryset.values(*ROW_FIELDS), PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    page.object_list = rows(page.object_list, today, first_nr=page.start_index() - 1)
    query = _carried(request)
    view = str(filters.get("weergave") or "")
    without_view = _carried(request, "weergave")
    context = {
        "form": form,
        "filter_fields": filter_fields(form, request.user),
        "page": page,
        "query": query.urlencode(),
        "view": view,
        "tabs": [
            (label, "?" + _with_query(without_view, weergave=value), key, value == view)
            for value, key, label in TABS
        ],
        **selectors.overview_summary(user=request.user, today=today),
        "can_export": access.can(request.user, "export"),
        "sort_choices": SORT_CHOICES,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "lijst" and not htmx.history_restore_request:
        return render(request, "backoffice/_list_region.html", context, using="jinja2")
    return render(request, "backoffice/list.html", context, using="jinja2")


@staff_view("dossier_list")
def mine(request: HttpRequest) -> HttpResponse:
    """The handler's own page: my dossiers with their terms, my measures that are due."""
    today = timezone.localdate()
    dossiers = rows(selectors.feedback_mine(user=request.user).values(*ROW_FIELDS), today)
    measures = list(selectors.measures_mine(user=request.user))
    for m in measures:
        m.days_left = rules.days_left(m.due_date, today)
        m.term_colour = rules.term_colour(m.days_left)
    return render(
        request,
        "backoffice/mine.html",
        {"dossiers": dossiers, "measures": measures, "query": "lijst=mijn"},
        using="jinja2",
    )


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
