"""The restricted meldcode route: start it, record its steps, end it (LEGAL.md M1-M4).

Who may see these dossiers is decided in `access.py` (meldcode officers and the quality lead,
never the employee concerned).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klachtwijs.core.form_errors import add_errors
from klachtwijs.feedback import forms, services, workflow
from klachtwijs.feedback.models import MeldcodeStep
from klachtwijs.feedback.views.actions import _action, _dossier, _plain, _refused
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view


@staff_view("start_meldcode")
def start(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="start_meldcode",
        title=_("Meldcoderoute starten"),
        intro=_(
            "De gewone klachtprocedure stopt. Alleen aandachtsfunctionarissen en het hoofd "
            "kwaliteit zien het dossier daarna."
        ),
        form_factory=_plain(forms.MeldcodeStartForm),
        perform=lambda f, form: services.meldcode_start(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("De meldcoderoute is gestart."),
        button=_("Meldcoderoute starten"),
    )


@staff_view("meldcode")
def checklist(request: HttpRequest, feedback_id: int) -> HttpResponse:
    """The steps of the meldcode as a checklist, and a form to record the next one."""
    title = _("Meldcode: stappen")
    feedback, allowed = _dossier(request, feedback_id, "meldcode")
    if not allowed:
        return _refused(request, feedback, "meldcode", title)
    data = request.POST if request.method == "POST" else None
    form = forms.MeldcodeStepForm(data)
    if data is not None and form.is_valid():
        try:
            services.meldcode_step_record(
                feedback_id=feedback.pk, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("De stap is vastgelegd."))
            return redirect("staff:meldcode", feedback_id=feedback.pk)
    recorded = list(feedback.meldcode_steps.select_related("by"))
    required = services.meldcode_required_steps(feedback=feedback)
    latest = {r.step: r for r in recorded}
    rows = [
        {
            "step": MeldcodeStep.Step(step),
            "required": step in required,
            "record": latest.get(step),
        }
        for step in MeldcodeStep.Step
    ]
    context = {
        "feedback": feedback,
        "decider": access.meldcode_decider(feedback),
        "about_head": access.about_the_head(feedback),
        "igj_required": MeldcodeStep.Step.IGJ in required,
        "form": form,
        "rows": rows,
        "recorded": recorded,
        "title": title,
        "offered": workflow.actions_for(user=request.user, feedback=feedback),
    }
    return render(request, "staff/meldcode_checklist.html", context)


@staff_view("meldcode_concerned")
def concerned(request: HttpRequest, feedback_id: int) -> HttpResponse:
    """Name or change the employee the suspicion is about, after the route started (M2)."""
    return _action(
        request,
        feedback_id,
        action="meldcode_concerned",
        title=_("Betrokken medewerker vastleggen"),
        intro=_(
            "Gaat het vermoeden over een medewerker? Leg vast over wie. Die medewerker ziet het "
            "dossier vanaf nu niet meer, telt het niet mee en krijgt er geen berichten over."
        ),
        form_factory=_plain(forms.MeldcodeConcernedForm),
        perform=lambda f, form: services.meldcode_concerned_set(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("De betrokken medewerker is vastgelegd."),
        button=_("Vastleggen"),
    )


@staff_view("close_meldcode")
def close(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="close_meldcode",
        title=_("Meldcoderoute afsluiten"),
        intro=_("Dit kan als alle verplichte stappen zijn vastgelegd."),
        form_factory=_plain(forms.WithdrawForm),
        perform=lambda f, form: services.meldcode_close(
            feedback_id=f.pk, by=request.user, text=form.cleaned_data["text"]
        ),
        done=_("De meldcoderoute is afgesloten."),
        button=_("Afsluiten"),
    )
