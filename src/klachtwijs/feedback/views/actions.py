"""One view per dossier action: gate → form → one service call → redirect (PRG).

Only what `workflow.actions_for` offers is possible; a refused service call shows its Dutch
message next to the field and keeps the input.
"""

from collections.abc import Callable

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseLocation

from klachtwijs.core.form_errors import add_errors
from klachtwijs.feedback import forms, services, workflow
from klachtwijs.feedback.models import Escalation, Feedback, Measure
from klachtwijs.feedback.suggestions import situation_suggestions
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view

FormFactory = Callable[[Feedback, object], django_forms.Form]
Perform = Callable[[Feedback, django_forms.Form], object]


def add_measure_errors(form: django_forms.Form, formset, exc: ValidationError) -> None:
    """As `add_errors`, with a measure's errors (`measures.<i>.<field>`, i counting the filled
    rows the service got) next to that field of that row of the formset."""
    if not hasattr(exc, "error_dict"):
        add_errors(form, exc)
        return
    rows = [f for f in formset if f.measure() is not None]
    rest: dict[str, list[str]] = {}
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "measures" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(rows) and parts[2] in rows[index].fields:
                rows[index].add_error(parts[2], errors)
                continue
        rest[key] = errors
    if rest:
        add_errors(form, ValidationError(rest))


# The dossier page opens most actions in place (issue 18): its action links load the action's
# form into the panel `ACTION_PANEL` with htmx, and the form is sent from there. Without
# JavaScript the same links open the action's own page; the views below serve both.
ACTION_PANEL = "actie-paneel"


def in_panel(request: HttpRequest) -> bool:
    """Whether the request comes from the dossier page's action panel (htmx)."""
    return bool(getattr(request, "htmx", False)) and request.htmx.target == ACTION_PANEL


def _refused(request: HttpRequest, feedback: Feedback, action: str, title: str) -> HttpResponse:
    context = {
        "panel": in_panel(request),
        "feedback": feedback,
        "title": title,
        "message": workflow.refusal(feedback, action)
        or _("U kunt dit niet doen bij deze klantreactie."),
    }
    return render(request, "staff/action_refused.html", context, status=409)


def _dossier(request: HttpRequest, feedback_id: int, action: str) -> tuple[Feedback, bool]:
    feedback = access.feedback_get(request.user, feedback_id, action)
    return feedback, action in workflow.actions_for(user=request.user, feedback=feedback)


def _action(
    request: HttpRequest,
    feedback_id: int,
    *,
    action: str,
    title: str,
    form_factory: FormFactory,
    perform: Perform,
    done: str,
    intro: str = "",
    button: str | None = None,
) -> HttpResponse:
    feedback, allowed = _dossier(request, feedback_id, action)
    if not allowed:
        return _refused(request, feedback, action, title)
    data = request.POST if request.method == "POST" else None
    form = form_factory(feedback, data)
    if data is not None and form.is_valid():
        try:
            perform(feedback, form)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            return _back(request, feedback)
    context = {
        "panel": in_panel(request),
        "feedback": feedback,
        "form": form,
        "title": title,
        "intro": intro,
        "button": button or _("Opslaan"),
    }
    return render(request, "staff/action_form.html", context)


def _back(request: HttpRequest, feedback: Feedback) -> HttpResponse:
    """To the dossier; to the overview when the user may no longer see it (the meldcode
    route hides it from everyone but the meldcode officers and the quality lead).

    From the action panel, htmx loads that page in place of the current one (HX-Location:
    the address changes, the page is not reloaded) and the success message shows on it."""
    if access.feedback_visible(request.user).filter(pk=feedback.pk).exists():
        response = redirect("staff:dossier", feedback_id=feedback.pk)
    else:
        response = redirect("staff:home")
    if in_panel(request):
        return HttpResponseLocation(response["Location"], target="body")
    return response


def _plain(form_class: type[django_forms.Form]) -> FormFactory:
    return lambda feedback, data: form_class(data)


@staff_view("register")
def register(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="register",
        title=_("Registreren"),
        intro=_(
            "Controleer soort, onderwerp, vestiging en dienst. Dan krijgt het dossier zijn plek."
        ),
        form_factory=lambda f, data: forms.RegisterForm.for_feedback(f, data),
        perform=lambda f, form: services.feedback_register(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("De klantreactie is geregistreerd."),
        button=_("Registreren"),
    )


@staff_view("correct_service")
def correct_service(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="correct_service",
        title=_("Dienst corrigeren"),
        intro=_(
            "Het wettelijk kader van de dienst bepaalt termijn en route. De correctie komt met "
            "de oude en nieuwe waarden in de tijdlijn."
        ),
        form_factory=lambda f, data: forms.CorrectServiceForm.for_feedback(f, data),
        perform=lambda f, form: services.feedback_correct_service(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("De dienst is gecorrigeerd."),
        button=_("Corrigeren"),
    )


@staff_view("assign")
def assign(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="assign",
        title=_("Behandelaar toewijzen"),
        form_factory=lambda f, data: forms.AssignForm.for_feedback(f, data),
        perform=lambda f, form: services.feedback_assign(
            feedback_id=f.pk, handler=form.cleaned_data["handler"], by=request.user
        ),
        done=_("De behandelaar is toegewezen."),
        button=_("Toewijzen"),
    )


@staff_view("contact")
def contact(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="contact",
        title=_("Contact vastleggen"),
        form_factory=_plain(forms.ContactForm),
        perform=lambda f, form: services.feedback_log_contact(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("Het contact is vastgelegd."),
    )


@staff_view("note")
def note(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="note",
        title=_("Interne notitie"),
        form_factory=_plain(forms.NoteForm),
        perform=lambda f, form: services.feedback_add_note(
            feedback_id=f.pk, by=request.user, text=form.cleaned_data["text"]
        ),
        done=_("De notitie is opgeslagen."),
    )


@staff_view("message")
def message(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="message",
        title=_("Bericht aan de ouder"),
        form_factory=_plain(forms.MessageForm),
        perform=lambda f, form: services.feedback_share_message(
            feedback_id=f.pk, by=request.user, text=form.cleaned_data["text"]
        ),
        done=_("Het bericht is gedeeld met de ouder."),
        button=_("Versturen"),
    )


@staff_view("extend")
def extend(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="extend",
        title=_("Termijn verlengen"),
        intro=_("De ouder krijgt een brief met de reden en de nieuwe datum."),
        form_factory=_plain(forms.ExtendForm),
        perform=lambda f, form: services.feedback_extend(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("De termijn is verlengd. De brief is verstuurd."),
        button=_("Verlengen en brief versturen"),
    )


def _judgment(request: HttpRequest, feedback_id: int, *, committee: bool) -> HttpResponse:
    action = "committee" if committee else "judge"
    title = (
        _("Oordeel van de klachtencommissie") if committee else _("Oordeel schrijven en versturen")
    )
    feedback, allowed = _dossier(request, feedback_id, action)
    if not allowed:
        return _refused(request, feedback, action, title)
    data = request.POST if request.method == "POST" else None
    form = (forms.CommitteeForm if committee else forms.JudgmentForm)(data)
    formset = forms.measure_formset(feedback, data)
    if data is not None and form.is_valid() & formset.is_valid():
        try:
            services.feedback_judge(
                feedback_id=feedback.pk,
                by=request.user,
                measures=forms.measures_from(formset),
                by_committee=committee,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_measure_errors(form, formset, exc)
        else:
            messages.success(request, _("Het oordeel is vastgelegd en de brief is verstuurd."))
            return redirect("staff:dossier", feedback_id=feedback.pk)
    context = {"feedback": feedback, "form": form, "formset": formset, "title": title}
    return render(request, "staff/action_judgment.html", context)


@staff_view("judge")
def judge(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _judgment(request, feedback_id, committee=False)


@staff_view("committee")
def committee(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _judgment(request, feedback_id, committee=True)


@staff_view("measure")
def committee_measures(request: HttpRequest, feedback_id: int) -> HttpResponse:
    """Tell the parent and the committee which measures follow the Jeugdwet committee's
    judgment, within a month (4.2.1 lid 5): `services.committee_measures_tell`."""
    title = _("Maatregelen na het oordeel van de commissie")
    feedback, allowed = _dossier(request, feedback_id, "measure")
    if not allowed:
        return _refused(request, feedback, "measure", title)
    data = request.POST if request.method == "POST" else None
    form = forms.CommitteeMeasuresForm(data)
    formset = forms.measure_formset(feedback, data)
    if data is not None and form.is_valid() & formset.is_valid():
        try:
            services.committee_measures_tell(
                feedback_id=feedback.pk,
                measures=forms.measures_from(formset),
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_measure_errors(form, formset, exc)
        else:
            messages.success(
                request,
                _(
                    "De maatregelen zijn vastgelegd. De brief is verstuurd aan de indiener en de "
                    "klachtencommissie."
                ),
            )
            return redirect("staff:dossier", feedback_id=feedback.pk)
    context = {
        "feedback": feedback,
        "form": form,
        "formset": formset,
        "title": title,
        "intro": _(
            "De indiener en de klachtencommissie krijgen een brief (PDF) met de maatregelen die "
            "u neemt, elk met een eigenaar en een datum. Neemt u geen maatregelen, schrijf dan "
            "waarom."
        ),
    }
    return render(request, "staff/action_judgment.html", context)


@staff_view("measure_done")
def measure_done(request: HttpRequest, feedback_id: int, measure_id: int) -> HttpResponse:
    """Mark one measure of the dossier done (today). Refused as every action is (409) when
    the dossier has no open measure; an already done measure (a second click) is left as is."""
    feedback, allowed = _dossier(request, feedback_id, "measure_done")
    if request.method == "POST" and not allowed:
        return _refused(request, feedback, "measure_done", _("Maatregel afronden"))
    measure = Measure.objects.filter(feedback=feedback, pk=measure_id, done_at=None).first()
    if request.method == "POST" and measure is not None:
        services.measure_complete(
            measure_id=measure.pk, done_on=timezone.localdate(), by=request.user
        )
        messages.success(request, _("De maatregel is afgerond."))
    return redirect("staff:dossier", feedback_id=feedback.pk)


@staff_view("close")
def close(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="close",
        title=_("Afsluiten"),
        intro=_("Het dossier wordt afgesloten. Maatregelen volgen we daarna tot ze klaar zijn."),
        form_factory=_plain(forms.ConfirmForm),
        perform=lambda f, form: services.feedback_close(feedback_id=f.pk, by=request.user),
        done=_("Het dossier is afgesloten."),
        button=_("Afsluiten"),
    )


@staff_view("resolve")
def resolve(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="resolve",
        title=_("Afhandelen zonder oordeel"),
        intro=_(
            "Bijvoorbeeld: opgelost in een gesprek, of een compliment of verbeterpunt dat aan "
            "het team is doorgegeven."
        ),
        form_factory=_plain(forms.ResolveForm),
        perform=lambda f, form: services.feedback_resolve(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("Het dossier is afgesloten."),
        button=_("Afsluiten"),
    )


@staff_view("reopen")
def reopen(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="reopen",
        title=_("Heropenen"),
        form_factory=_plain(forms.ReasonForm),
        perform=lambda f, form: services.feedback_reopen(
            feedback_id=f.pk, by=request.user, reason=form.cleaned_data["reason"]
        ),
        done=_("Het dossier is heropend."),
        button=_("Heropenen"),
    )


@staff_view("withdraw")
def withdraw(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="withdraw",
        title=_("Intrekken"),
        intro=_("De ouder trekt de klantreactie in. Het dossier wordt afgesloten."),
        form_factory=_plain(forms.WithdrawForm),
        perform=lambda f, form: services.feedback_withdraw(
            feedback_id=f.pk, by=request.user, text=form.cleaned_data["text"]
        ),
        done=_("De klantreactie is ingetrokken."),
        button=_("Intrekken"),
    )


@staff_view("situation")
def situation(request: HttpRequest, feedback_id: int) -> HttpResponse:
    visible = access.feedback_visible(request.user)

    def make_form(feedback: Feedback, data) -> forms.SituationForm:
        suggested = situation_suggestions(feedback=feedback, candidates=visible)
        initial = {"title": feedback.situation.title} if feedback.situation_id else {}
        return forms.SituationForm(data, visible=visible, suggested=suggested, initial=initial)

    return _action(
        request,
        feedback_id,
        action="situation",
        title=_("Koppelen als één situatie"),
        intro=_("Voorgesteld: zelfde vestiging, kort na elkaar, of met dezelfde woorden."),
        form_factory=make_form,
        perform=lambda f, form: services.situation_link(
            feedback_ids=[f.pk, *form.cleaned_data["ids"]],
            title=form.cleaned_data["title"],
            by=request.user,
        ),
        done=_("De klantreacties zijn gekoppeld als één situatie."),
        button=_("Koppelen"),
    )


@staff_view("escalation")
def escalation(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="escalation",
        title=_("Escalatie of geschil vastleggen"),
        form_factory=_plain(forms.EscalationForm),
        perform=lambda f, form: services.escalation_record(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("De escalatie is vastgelegd."),
    )


@staff_view("escalation")
def escalation_end(request: HttpRequest, feedback_id: int, escalation_id: int) -> HttpResponse:
    """Record how an escalation or dispute ended (a binding ruling for a dispute)."""
    found = Escalation.objects.filter(feedback_id=feedback_id, pk=escalation_id, ended_on=None)

    def make_form(feedback: Feedback, data) -> forms.EscalationEndForm:
        if not found.exists():
            raise Http404
        return forms.EscalationEndForm(data)

    return _action(
        request,
        feedback_id,
        action="escalation",
        title=_("Uitkomst escalatie of geschil"),
        form_factory=make_form,
        perform=lambda f, form: services.escalation_end(
            escalation_id=escalation_id, by=request.user, **form.cleaned_data
        ),
        done=_("De uitkomst is vastgelegd."),
    )


@staff_view("report_texts")
def report_texts(request: HttpRequest, feedback_id: int) -> HttpResponse:
    def make_form(feedback: Feedback, data) -> forms.ReportTextsForm:
        initial = {"summary": feedback.report_summary, "handling": feedback.report_handling}
        return forms.ReportTextsForm(data, initial=initial)

    return _action(
        request,
        feedback_id,
        action="report_texts",
        title=_("Teksten voor het jaarverslag"),
        intro=_("Schrijf zonder namen, adressen of andere gegevens die naar personen leiden."),
        form_factory=make_form,
        perform=lambda f, form: services.feedback_set_report_texts(
            feedback_id=f.pk, by=request.user, **form.cleaned_data
        ),
        done=_("De teksten zijn opgeslagen."),
    )


@staff_view("share_team")
def share_team(request: HttpRequest, feedback_id: int) -> HttpResponse:
    return _action(
        request,
        feedback_id,
        action="share_team",
        title=_("Delen met het team"),
        intro=_("Het team van de vestiging krijgt een e-mail. De ouder ziet dat het is gedeeld."),
        form_factory=_plain(forms.ShareForm),
        perform=lambda f, form: services.feedback_share_with_team(
            feedback_id=f.pk, by=request.user, text=form.cleaned_data["text"]
        ),
        done=_("Gedeeld met het team."),
        button=_("Delen"),
    )


@staff_view("improvement")
def improvement(request: HttpRequest) -> HttpResponse:
    """An organisation-wide improvement, optionally linked to dossiers (?dossier=<id>)."""
    data = request.POST if request.method == "POST" else None
    form = forms.ImprovementForm(data)
    linked = []
    raw = request.GET.get("dossier", "")
    if raw.isdigit():
        linked = [access.feedback_get(request.user, int(raw), "improvement")]
    if data is not None and form.is_valid():
        services.improvement_record(feedback_ids=[f.pk for f in linked], **form.cleaned_data)
        messages.success(request, _("De verbetering is vastgelegd."))
        if linked:
            return redirect("staff:dossier", feedback_id=linked[0].pk)
        return redirect("staff:improvement")
    context = {
        "feedback": linked[0] if linked else None,
        "form": form,
        "title": _("Organisatiebrede verbetering"),
        "button": _("Opslaan"),
    }
    return render(request, "staff/action_form.html", context)
