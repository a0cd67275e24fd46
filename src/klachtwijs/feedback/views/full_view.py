"""The quality lead grants a manager one dossier in full (issue 17)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klachtwijs.core.form_errors import add_errors
from klachtwijs.feedback import services
from klachtwijs.feedback.forms import FullViewGrantForm
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view


@staff_view("full_view_grant")
def full_view_grant(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback = access.feedback_get(request.user, feedback_id, "full_view_grant")
    form = FullViewGrantForm(request.POST or None, feedback=feedback)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.full_view_grant(
                feedback_id=feedback.pk,
                user_id=form.cleaned_data["user"].pk,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            # The access log's row for this request names who got the dossier in full.
            request.access_log_detail = f"volledige inzage gegeven aan {grant.user.username}"
            messages.success(request, _("Volledige inzage gegeven."))
            return redirect("staff:dossier", feedback_id=feedback.pk)
    context = {
        "feedback": feedback,
        "form": form,
        "title": _("Volledige inzage geven"),
        "button": _("Volledige inzage geven"),
    }
    return render(request, "staff/action_form.html", context)
