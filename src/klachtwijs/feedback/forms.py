"""Back-office forms. They only check input; the rules are in the services they feed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback import periods
from klachtwijs.feedback.models import (
    Category,
    ClosureReason,
    Escalation,
    Event,
    Feedback,
    Kind,
    MeldcodeStep,
    Outcome,
)
from klachtwijs.feedback.services import RESOLVE_REASONS, MeasureInput
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Service, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StaffChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, manager_id: int | None = None, **kwargs):
        self.manager_id = manager_id
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        if obj.pk == self.manager_id:
            return gettext("%(name)s (leidinggevende van de vestiging)") % {"name": name}
        return f"{name} ({obj.get_role_display()})"


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("kind of feedback", "Soort"), choices=Kind.choices)
    category = forms.ModelChoiceField(
        label=_("Onderwerp"), queryset=Category.objects.filter(is_active=True)
    )
    location = forms.ModelChoiceField(label=_("Vestiging"), queryset=Location.objects.all())
    service = forms.ModelChoiceField(
        label=pgettext_lazy("service of the organisation", "Dienst"), queryset=Service.objects.all()
    )

    @classmethod
    def for_feedback(cls, feedback: Feedback, data=None) -> "RegisterForm":
        initial = {
            "kind": feedback.kind,
            "category": feedback.category_id,
            "location": feedback.location_id,
            "service": feedback.service_id,
        }
        return cls(data, initial=initial)


class AssignForm(forms.Form):
    handler = StaffChoiceField(label=_("Behandelaar"), queryset=User.objects.none())

    @classmethod
    def for_feedback(cls, feedback: Feedback, data=None) -> "AssignForm":
        location = feedback.location
        form = cls(data, initial={"handler": feedback.handler_id or location.manager_id})
        field = form.fields["handler"]
        field.queryset = access.handler_candidates(feedback)  # the manager first
        field.manager_id = location.manager_id
        if location.manager_id:
            field.help_text = gettext("De leidinggevende van de vestiging staat bovenaan.")
        return form


class ContactForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Soort contact"), choices=Event.ContactChannel.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label=_("Datum"), widget=DATE, initial=timezone.localdate)
    summary = forms.CharField(label=_("Wat is er besproken of onderzocht?"), widget=forms.Textarea)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Notitie"),
        widget=forms.Textarea,
        help_text=_("Alleen voor medewerkers. De ouder ziet dit niet."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Bericht aan de ouder"),
        widget=forms.Textarea,
        help_text=_("De ouder ziet dit op de eigen pagina en krijgt een e-mail."),
    )


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("Nieuwe uiterste datum"), widget=DATE)
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea,
        help_text=_("De ouder krijgt deze reden te lezen in de brief."),
    )


class JudgmentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Oordeel"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea,
        help_text=_("Leg uit waarom u tot dit oordeel komt. Dit staat in de brief aan de ouder."),
    )
    no_measures_reason = forms.CharField(
        label=_("Waarom geen maatregelen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Alleen invullen als er geen maatregelen zijn."),
    )


class CommitteeForm(JudgmentForm):
    decided_on = forms.DateField(label=_("Datum oordeel commissie"), widget=DATE)
    no_measures_reason = None  # measures follow within a month (Jeugdwet 4.2.1 lid 5)


class CommitteeMeasuresForm(forms.Form):
    """Jeugdwet 4.2.1 lid 5: the measures after the committee's judgment, or why there are
    none; the measures themselves are the formset."""

    no_measures_reason = forms.CharField(
        label=_("Geen (nieuwe) maatregelen? Schrijf waarom"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class MeasureForm(forms.Form):
    description = forms.CharField(label=_("Maatregel"), max_length=500, required=False)
    owner = StaffChoiceField(label=_("Eigenaar"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("Klaar uiterlijk"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        filled = [bool(data.get(k)) for k in ("description", "owner", "due_date")]
        if any(filled) and not all(filled):
            for key in ("description", "owner", "due_date"):
                if not data.get(key) and key not in self.errors:
                    self.add_error(
                        key, gettext("Vul dit in: elke maatregel heeft een eigenaar en datum.")
                    )
        return data

    def measure(self) -> MeasureInput | None:
        data = self.cleaned_data
        if not data.get("description"):
            return None
        return MeasureInput(
            description=data["description"], owner=data["owner"], due_date=data["due_date"]
        )


BaseMeasureFormSet = forms.formset_factory(MeasureForm, extra=5, max_num=5)


def measure_formset(feedback: Feedback, data=None):
    formset = BaseMeasureFormSet(data, prefix="maatregel")
    people = access.handler_candidates(feedback)
    for form in formset:
        form.fields["owner"].queryset = people
        form.fields["owner"].manager_id = feedback.location.manager_id
    return formset


def measures_from(formset) -> list[MeasureInput]:
    return [m for m in (f.measure() for f in formset) if m is not None]


class ResolveForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=[(c.value, c.label) for c in ClosureReason if c in RESOLVE_REASONS],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Toelichting voor de ouder"),
        widget=forms.Textarea,
        help_text=_("De ouder ziet dit op de eigen pagina."),
    )


class ConfirmForm(forms.Form):
    """A close or similar step without input: the button is the confirmation."""


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea)


class WithdrawForm(forms.Form):
    text = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Bijvoorbeeld: de ouder heeft gebeld dat de klacht is opgelost."),
    )


class SituationForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        label=_("Klantreacties over dezelfde situatie"),
        queryset=Feedback.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    references = forms.CharField(
        label=_("Of geef kenmerken op"),
        required=False,
        help_text=_("Gescheiden door komma's, bijvoorbeeld 2025-0003, 2025-0004."),
    )
    title = forms.CharField(label=_("Korte omschrijving (zonder namen)"), max_length=200)

    def __init__(self, *args, visible, suggested, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible = visible
        self.fields["others"].queryset = visible.filter(pk__in=[f.pk for f in suggested])
        self.fields["others"].label_from_instance = lambda f: (
            f"{f.reference} – {f.location.name} – {f.received_at:%d-%m-%Y}"
        )

    def clean(self):
        data = super().clean()
        ids = {f.pk for f in data.get("others") or []}
        refs = [r.strip() for r in (data.get("references") or "").split(",") if r.strip()]
        if refs:
            found = dict(self.visible.filter(reference__in=refs).values_list("reference", "pk"))
            unknown = [r for r in refs if r not in found]
            if unknown:
                self.add_error(
                    "references",
                    gettext("Niet gevonden: %(references)s.") % {"references": ", ".join(unknown)},
                )
            ids |= set(found.values())
        if not ids and not self.errors:
            self.add_error("others", gettext("Kies minstens één andere klantreactie."))
        data["ids"] = ids
        return data


class EscalationForm(forms.Form):
    body = forms.ChoiceField(label=_("Instantie"), choices=Escalation.Body.choices)
    started_on = forms.DateField(label=_("Begonnen op"), widget=DATE)
    ended_on = forms.DateField(label=_("Afgerond op"), widget=DATE, required=False)
    result = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[("", _("nog niet bekend")), *Escalation.Result.choices],
        required=False,
    )
    is_binding = forms.BooleanField(label=_("Bindende uitspraak (geschil)"), required=False)
    summary = forms.CharField(
        label=_("Samenvatting (zonder namen)"), widget=forms.Textarea, required=False
    )


class EscalationEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Afgerond op"), widget=DATE, initial=timezone.localdate)
    result = forms.ChoiceField(label=_("Uitkomst"), choices=Escalation.Result.choices)
    is_binding = forms.BooleanField(label=_("Bindende uitspraak (geschil)"), required=False)


class CorrectServiceForm(forms.Form):
    """A wrong service put right after registration (LEGAL.md T4): explicit and logged."""

    service = forms.ModelChoiceField(
        label=pgettext_lazy("service of the organisation", "Juiste dienst"),
        queryset=Service.objects.all(),
    )
    reason = forms.CharField(label=_("Waarom klopte de dienst niet?"), widget=forms.Textarea)
    recompute_due = forms.BooleanField(
        label=_("Termijn opnieuw berekenen met de regels van de juiste dienst"),
        required=False,
    )

    @classmethod
    def for_feedback(cls, feedback: Feedback, data=None) -> "CorrectServiceForm":
        form = cls(data)
        form.fields["service"].queryset = feedback.location.services.exclude(pk=feedback.service_id)
        due = feedback.answer_due
        form.fields["recompute_due"].help_text = (
            gettext(
                "Nu: antwoord uiterlijk %(due)s. Zonder vinkje blijft die datum staan; met "
                "vinkje rekent Klachtwijs vanaf de ontvangst opnieuw en zet beide data in de "
                "tijdlijn."
            )
            % {"due": f"{due:%d-%m-%Y}"}
            if due
            else gettext("Er is nu geen termijn. Met vinkje rekent Klachtwijs er een uit.")
        )
        return form


class ReportTextsForm(forms.Form):
    summary = forms.CharField(
        label=_("Omschrijving voor het jaarverslag (zonder namen)"),
        widget=forms.Textarea,
        required=False,
    )
    handling = forms.CharField(
        label=_("Afhandeling voor het jaarverslag (zonder namen)"),
        widget=forms.Textarea,
        required=False,
    )


class ShareForm(forms.Form):
    text = forms.CharField(
        label=_("Toelichting voor het team"),
        widget=forms.Textarea,
        required=False,
    )


class ImprovementForm(forms.Form):
    title = forms.CharField(label=_("Verbetering"), max_length=200)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea, required=False)
    decided_on = forms.DateField(label=_("Besloten op"), widget=DATE, initial=timezone.localdate)
    done_on = forms.DateField(label=_("Gerealiseerd op"), widget=DATE, required=False)
    client_panel_asked = forms.BooleanField(
        label=_("Klantpanel om advies gevraagd"), required=False
    )
    client_panel_advice = forms.CharField(
        label=_("Advies van het klantpanel"), widget=forms.Textarea, required=False
    )


class MeldcodeStartForm(forms.Form):
    text = forms.CharField(label=_("Waarom de meldcoderoute?"), widget=forms.Textarea)
    concerned_employee = forms.ModelChoiceField(
        label=_("Gaat het vermoeden over een medewerker?"),
        queryset=access.concerned_candidates(),
        required=False,
        empty_label=_("Nee, niet over een medewerker"),
        help_text=_("Deze medewerker kan het dossier daarna niet meer zien."),
    )


class MeldcodeConcernedForm(forms.Form):
    concerned_employee = forms.ModelChoiceField(
        label=_("Over welke medewerker gaat het vermoeden?"),
        queryset=access.concerned_candidates(),
        help_text=_("Deze medewerker kan het dossier vanaf nu niet meer zien."),
    )


class MeldcodeStepForm(forms.Form):
    step = forms.ChoiceField(label=_("Stap"), choices=MeldcodeStep.Step.choices)
    at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    decision = forms.CharField(label=_("Besluit of uitkomst"), widget=forms.Textarea)


class PeriodForm(forms.Form):
    """The dashboard's period chooser (`feedback.periods`); an unknown key is an error here."""

    periode = forms.ChoiceField(label=_("Periode"), choices=())

    def __init__(self, *args, today, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = periods.period_choices(today=today)
        self.fields["periode"].error_messages["invalid_choice"] = _(
            "Kies een periode uit de lijst."
        )


class FullViewGrantForm(forms.Form):
    """The quality lead gives one manager this dossier in full (`services.full_view_grant`)."""

    user = forms.ModelChoiceField(label=_("Wie"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Waarom heeft deze persoon het hele dossier nodig?"),
        max_length=300,
        help_text=_("Dit komt in het dossier en in het toegangslogboek."),
    )

    def __init__(self, *args, feedback, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = access.full_view_candidates(feedback)
