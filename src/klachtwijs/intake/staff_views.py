"""Staff type in a klantreactie received by phone, mail, letter or in person.

The public form's fields and checks (`SubmitForm` subclasses it); attachments are checked by
content and held between a failed and a new POST, exactly as on the public form.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klachtwijs.core.form_errors import add_errors
from klachtwijs.intake import staff_forms as forms
from klachtwijs.intake import uploads
from klachtwijs.intake.services import intake_submit
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view


def _page(request: HttpRequest, form: forms.SubmitForm, status: int = 200) -> HttpResponse:
    return render(request, "staff/submit.html", {"form": form}, status=status)


@staff_view("submit_on_behalf")
def submit(request: HttpRequest) -> HttpResponse:
    """The form; an error keeps everything typed and attached."""
    locations = access.locations_visible(request.user)
    if request.method != "POST":
        initial = {"submission_key": secrets.token_urlsafe(24)}
        return _page(request, forms.SubmitForm(initial=initial, locations=locations))
    if uploads.too_large(request):
        messages.error(
            request,
            _("De bestanden zijn samen te groot: hoogstens 5 bestanden van elk 10 MB."),
        )
        return _page(request, forms.SubmitForm(locations=locations), status=413)
    posted = uploads.Posted.from_request(request)
    form = forms.SubmitForm(
        posted.data, request.FILES, held_uploads=posted.kept, locations=locations
    )
    valid = form.is_valid()
    held = posted.hold(form.new_uploads)
    if valid:
        receive = {**form.receive_kwargs(), "created_by": request.user}
        try:
            feedback = intake_submit(
                receive=receive,
                files=held,
                submission_key=form.cleaned_data["submission_key"],
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            uploads.release(posted.token)
            messages.success(
                request,
                _("De klantreactie is opgeslagen met kenmerk %(reference)s.")
                % {"reference": feedback.reference},
            )
            if access.feedback_visible(request.user).filter(pk=feedback.pk).exists():
                return redirect("staff:dossier", feedback_id=feedback.pk)
            return redirect("staff:submit")
    form.held_uploads = held
    return _page(request, form)
