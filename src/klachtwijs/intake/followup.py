"""The parent's "Is dit gebeurd?" page about one measure (issue 16): a signed link from the mail,
no account, no JavaScript needed. One answer per measure, which the parent may change."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from klachtwijs.feedback.models import Measure, ParentAnswer
from klachtwijs.feedback.services import FOLLOWUP_ANSWER, measure_parent_answer
from klachtwijs.feedback.tokens import measure_followup_id
from klachtwijs.intake.ratelimit import rate_limited
from klachtwijs.intake.selectors import link_is_expired


class FollowupForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Is dit gebeurd?"),
        choices=[(ParentAnswer.YES, _("Ja")), (ParentAnswer.NO, _("Nee"))],
        widget=forms.RadioSelect,
        error_messages={"required": _(FOLLOWUP_ANSWER), "invalid_choice": _(FOLLOWUP_ANSWER)},
    )
    comment = forms.CharField(
        label=_("Toelichting"),
        help_text=_("Wat is er wel of niet gebeurd?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _measure(signed: str) -> Measure:
    """The measure behind the link; 404 when altered, expired, not of a judgment or the
    dossier's link no longer works (anonymised, long closed)."""
    measure_id = measure_followup_id(signed)
    measure = (
        Measure.objects.select_related("feedback").filter(pk=measure_id).first()
        if measure_id is not None
        else None
    )
    if measure is None or measure.judgment_id is None or link_is_expired(measure.feedback):
        raise Http404
    return measure


def _page(request, measure, form, *, status=200) -> HttpResponse:
    response = render(
        request,
        "intake/followup.html",
        {"measure": measure, "feedback": measure.feedback, "form": form},
        status=status,
    )
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def measure_followup(request: HttpRequest, signed: str) -> HttpResponse:
    """GET: the question with the current answer filled in; POST: store the answer."""
    measure = _measure(signed)
    if request.method == "GET":
        initial = {"answer": measure.parent_answer or None, "comment": measure.parent_comment}
        return _page(request, measure, FollowupForm(initial=initial))
    if rate_limited(request, "status"):
        return render(request, "intake/too_many.html", status=429)
    form = FollowupForm(request.POST)
    if form.is_valid():
        try:
            measure_parent_answer(
                measure_id=measure.pk,
                answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("Dank u wel. Wij hebben uw antwoord ontvangen."))
            return redirect(request.path)
    return _page(request, measure, form, status=400)
