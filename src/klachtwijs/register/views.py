"""The import page in the back office, and the template to download."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext

from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.register.export import EXAMPLE, csv_bytes, xlsx_bytes
from klachtwijs.register.forms import ImportForm
from klachtwijs.register.parse import UnreadableFile, table_read
from klachtwijs.register.services import ImportResult, register_import

TEMPLATE_TYPES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx_bytes),
    "csv": ("text/csv; charset=utf-8", csv_bytes),
}


def summary(result: ImportResult) -> str:
    """One sentence for the user: how many dossiers of which kind, what else was made."""
    kinds = ", ".join(
        f"{result.by_kind[kind]} × {Kind(kind).label}" for kind in Kind if kind in result.by_kind
    )
    count = {"count": result.created, "kinds": kinds}
    if not result.created:
        if result.dry_run:
            sentences = [gettext("0 klantreacties zouden worden ingelezen.")]
        else:
            sentences = [gettext("0 klantreacties ingelezen.")]
    elif result.dry_run:
        sentences = [
            ngettext(
                "%(count)s klantreactie (%(kinds)s) zou worden ingelezen.",
                "%(count)s klantreacties (%(kinds)s) zouden worden ingelezen.",
                result.created,
            )
            % count
        ]
    else:
        sentences = [
            ngettext(
                "%(count)s klantreactie (%(kinds)s) ingelezen.",
                "%(count)s klantreacties (%(kinds)s) ingelezen.",
                result.created,
            )
            % count
        ]
    if result.locations_created:
        names = ", ".join(result.locations_created)
        sentences.append(gettext("Nieuwe vestigingen: %(names)s.") % {"names": names})
    if result.situations:
        sentences.append(gettext("Situaties gekoppeld: %(count)s.") % {"count": result.situations})
    return " ".join(sentences)


@staff_view("import")
def upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = table_read(data=data["file"].read(), filename=data["file"].name)
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            result = register_import(
                rows=table,
                create_locations=data["create_locations"],
                dry_run=data["dry_run"],
                by=request.user,
                region=data["region"],
            )
            if result.stored:
                messages.success(request, summary(result))
                return redirect("import:upload")
    context = {"form": form, "result": result, "summary": summary(result) if result else ""}
    return render(request, "importing/upload.html", context)


@staff_view("import")
def template_download(request: HttpRequest, extension: str) -> HttpResponse:
    content_type, writer = TEMPLATE_TYPES[extension]
    response = HttpResponse(writer([EXAMPLE]), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="klachtenregister-sjabloon.{extension}"'
    )
    return response
