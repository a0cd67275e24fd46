"""The import page in the back office, and the template to download."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from klachtwijs.feedback.models import Kind
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.register.export import EXAMPLE, csv_bytes, xlsx_bytes
from klachtwijs.register.forms import ImportForm, MappingForm
from klachtwijs.register.matching import Vocabularies, unknown_values
from klachtwijs.register.models import PendingImport
from klachtwijs.register.parse import Table, UnreadableFile, table_read
from klachtwijs.register.services import (
    ImportResult,
    mappings_remember,
    pending_choose_locations,
    pending_new_locations,
    pending_prune,
    pending_store,
    register_import,
)
from klachtwijs.register.validate import header_errors

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


SESSION_KEY = "register_import"  # the id of this user's upload between the steps


@staff_view("import")
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: the file. Nothing is stored but the upload itself (`PendingImport`); then the
    mapping step when values are not recognised, else straight to the preview."""
    pending_prune(at=timezone.now())
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read()
        try:
            table = table_read(data=data, filename=upload_file.name)
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            errors = header_errors(table)
            if not errors:
                pending = pending_store(
                    by=request.user, filename=upload_file.name, data=data, at=timezone.now()
                )
                request.session[SESSION_KEY] = pending.pk
                if unknown_values(table, Vocabularies.load()):
                    return redirect("import:mapping")
                return redirect("import:preview")
    return render(request, "importing/upload.html", {"form": form, "errors": errors})


def _pending(request: HttpRequest) -> tuple[PendingImport | None, Table | None]:
    """This user's upload between the steps, and its table; None when there is none (any
    more), so the page sends the user back to the upload."""
    pk = request.session.get(SESSION_KEY)
    pending = PendingImport.objects.filter(pk=pk, created_by=request.user).first() if pk else None
    if pending is None:
        return None, None
    try:
        return pending, table_read(data=bytes(pending.data), filename=pending.filename)
    except UnreadableFile:
        return None, None


@staff_view("import")
def mapping(request: HttpRequest) -> HttpResponse:
    """Step 2, only when needed: each value not recognised once, to choose what it is; the
    choices are remembered for every later import, new locations are created on import."""
    pending, table = _pending(request)
    if pending is None:
        return redirect("import:upload")
    vocabularies = Vocabularies.load()
    unknowns = unknown_values(table, vocabularies, skip=pending.new_locations)
    if not unknowns:
        return redirect("import:preview")
    data = request.POST if request.method == "POST" else None
    form = MappingForm(data, unknowns=unknowns, vocabularies=vocabularies)
    if request.method == "POST" and form.is_valid():
        chosen, new = form.chosen()
        mappings_remember(chosen=chosen)
        pending_choose_locations(pending, new=new)
        return redirect("import:preview")
    return render(request, "importing/mapping.html", {"form": form, "pending": pending})


@staff_view("import")
def preview(request: HttpRequest) -> HttpResponse:
    """Step 3: the whole import done and rolled back (every bad row named), then, on POST, for
    real: all rows or none."""
    pending, table = _pending(request)
    if pending is None:
        return redirect("import:upload")
    dry_run = request.method != "POST"
    result = register_import(
        rows=table,
        create_locations=False,
        dry_run=dry_run,
        by=request.user,
        new_locations=pending_new_locations(pending),
    )
    if result.stored:
        pending.delete()
        request.session.pop(SESSION_KEY, None)
        messages.success(request, summary(result))
        return redirect("import:upload")
    context = {"result": result, "summary": summary(result), "pending": pending}
    return render(request, "importing/preview.html", context)


@staff_view("import")
def template_download(request: HttpRequest, extension: str) -> HttpResponse:
    content_type, writer = TEMPLATE_TYPES[extension]
    response = HttpResponse(writer([EXAMPLE]), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="klachtenregister-sjabloon.{extension}"'
    )
    return response
