"""Staff type in a klantreactie received by phone, mail, letter or in person (issue 3 §7)."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from klachtwijs.feedback import forms, services
from klachtwijs.feedback.views.actions import add_errors
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view


def _received_at(day) -> datetime:
    """Today: now. An earlier day: noon of that day, so the term counts from that day (T1)."""
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@staff_view("submit_on_behalf")
def submit(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = forms.SubmitForm(data, locations=access.locations_visible(request.user))
    if data is not None and form.is_valid():
        values = dict(form.cleaned_data)
        for key in ("received_on", "child_name", "child_group"):
            values.pop(key)
        try:
            feedback = services.feedback_receive(
                **values,
                children=form.children(),
                created_by=request.user,
                received_at=_received_at(form.cleaned_data["received_on"]),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, f"De klantreactie is opgeslagen met kenmerk {feedback.reference}."
            )
            if access.feedback_visible(request.user).filter(pk=feedback.pk).exists():
                return redirect("staff:dossier", feedback_id=feedback.pk)
            return redirect("staff:submit")
    return render(request, "staff/submit.html", {"form": form})
