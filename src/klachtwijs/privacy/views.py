"""The access log for the quality lead: search and CSV export (LEGAL.md P3)."""

import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.core.pagination import CappedPaginator
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.privacy.forms import AccessLogFilterForm
from klachtwijs.privacy.selectors import access_log_search, references_of

PER_PAGE = 50
CSV_HEADER = [
    _("Tijdstip"),
    _("Gebruikersnaam"),
    _("Handeling"),
    _("Dossier-id"),
    _("Kenmerk"),
    _("Document-id"),
    _("Scherm"),
    _("Methode"),
    _("Adres"),
    _("Antwoord"),
    _("IP-adres"),
    _("Toelichting"),
]


@staff_view("access_log")
def search(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    rows = access_log_search(viewer=request.user, **form.filters())
    page = CappedPaginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    references = references_of(page.object_list)
    for row in page.object_list:
        row.reference = references.get(row.feedback_id, "")
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "privacy/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(rows):
    writer = csv.writer(_Echo())
    yield writer.writerow([str(title) for title in CSV_HEADER])
    for chunk in _chunks(rows):
        references = references_of(chunk)
        for row in chunk:
            yield writer.writerow(
                [
                    timezone.localtime(row.at).isoformat(timespec="seconds"),
                    row.username,
                    row.get_action_display(),
                    row.feedback_id or "",
                    references.get(row.feedback_id, ""),
                    row.document_id or "",
                    row.view_name,
                    row.method,
                    row.path,
                    row.status_code or "",
                    row.ip_address or "",
                    row.detail,
                ]
            )


def _chunks(rows, size: int = 1000):
    chunk = []
    for row in rows.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@staff_view("access_log")
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV (streamed: the log can be long)."""
    form = AccessLogFilterForm(request.GET or None)
    rows = access_log_search(viewer=request.user, **form.filters())
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response = StreamingHttpResponse(_csv_rows(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{stamp}.csv"'
    return response
