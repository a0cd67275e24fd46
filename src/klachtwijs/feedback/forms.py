"""Back-office forms. They only check input; the rules are in the services they feed."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from klachtwijs.feedback.models import (
    Category,
    Channel,
    ClosureReason,
    ContactPreference,
    Escalation,
    Event,
    Feedback,
    Kind,
    MeldcodeStep,
    Outcome,
)
from klachtwijs.feedback.services import RESOLVE_REASONS, Child, MeasureInput
from klachtwijs.organisation.models import Location, Role, Service, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
STAFF_ROLES = [Role.HANDLER, Role.QUALITY_OFFICER, Role.QUALITY_LEAD]


def staff_for(location: Location):
    """Who can handle or own work at `location`, the location's manager first."""
    # API tokens have service accounts (api_token): they never handle or own work.
    people = User.objects.filter(
        is_active=True, role__in=[*STAFF_ROLES, Role.MANAGEMENT], api_token__isnull=True
    ).filter(
        Q(locations=location)
        | Q(pk=location.manager_id)
        | Q(role__in=[Role.QUALITY_OFFICER, Role.QUALITY_LEAD])
    )
    first = Case(When(pk=location.manager_id, then=Value(0)), default=Value(1))
    return (
        people.distinct()
        .annotate(first=first)
        .order_by("first", "last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, manager_id: int | None = None, **kwargs):
        self.manager_id = manager_id
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        if obj.pk == self.manager_id:
            return f"{name} (leidinggevende van de vestiging)"
        return f"{name} ({obj.get_role_display()})"


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label="Soort", choices=Kind.choices)
    category = forms.ModelChoiceField(
        label="Onderwerp", queryset=Category.objects.filter(is_active=True)
    )
    location = forms.ModelChoiceField(label="Vestiging", queryset=Location.objects.all())
    service = forms.ModelChoiceField(label="Dienst", queryset=Service.objects.all())

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
    handler = StaffChoiceField(label="Behandelaar", queryset=User.objects.none())

    @classmethod
    def for_feedback(cls, feedback: Feedback, data=None) -> "AssignForm":
        location = feedback.location
        form = cls(data, initial={"handler": feedback.handler_id or location.manager_id})
        field = form.fields["handler"]
        field.queryset = staff_for(location)
        field.manager_id = location.manager_id
        if location.manager_id:
            field.help_text = "De leidinggevende van de vestiging staat bovenaan."
        return form


class ContactForm(forms.Form):
    channel = forms.ChoiceField(
        label="Soort contact", choices=Event.ContactChannel.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label="Datum", widget=DATE, initial=timezone.localdate)
    summary = forms.CharField(label="Wat is er besproken of onderzocht?", widget=forms.Textarea)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError("De datum ligt in de toekomst.")
        return on


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Notitie",
        widget=forms.Textarea,
        help_text="Alleen voor medewerkers. De ouder ziet dit niet.",
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Bericht aan de ouder",
        widget=forms.Textarea,
        help_text="De ouder ziet dit op de eigen pagina en krijgt een e-mail.",
    )


class ExtendForm(forms.Form):
    until = forms.DateField(label="Nieuwe uiterste datum", widget=DATE)
    reason = forms.CharField(
        label="Reden",
        widget=forms.Textarea,
        help_text="De ouder krijgt deze reden te lezen in de brief.",
    )


class JudgmentForm(forms.Form):
    outcome = forms.ChoiceField(label="Oordeel", choices=Outcome.choices, widget=forms.RadioSelect)
    reasoning = forms.CharField(
        label="Motivering",
        widget=forms.Textarea,
        help_text="Leg uit waarom u tot dit oordeel komt. Dit staat in de brief aan de ouder.",
    )
    no_measures_reason = forms.CharField(
        label="Waarom geen maatregelen?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Alleen invullen als er geen maatregelen zijn.",
    )


class CommitteeForm(JudgmentForm):
    decided_on = forms.DateField(label="Datum oordeel commissie", widget=DATE)
    no_measures_reason = None  # measures follow within a month (Jeugdwet 4.2.1 lid 5)

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise ValidationError("De datum ligt in de toekomst.")
        return decided_on


class MeasureForm(forms.Form):
    description = forms.CharField(label="Maatregel", max_length=500, required=False)
    owner = StaffChoiceField(label="Eigenaar", queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label="Klaar uiterlijk", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        filled = [bool(data.get(k)) for k in ("description", "owner", "due_date")]
        if any(filled) and not all(filled):
            for key in ("description", "owner", "due_date"):
                if not data.get(key) and key not in self.errors:
                    self.add_error(key, "Vul dit in: elke maatregel heeft een eigenaar en datum.")
        due = data.get("due_date")
        if due and due < timezone.localdate():
            self.add_error("due_date", "Kies een datum in de toekomst.")
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
    people = staff_for(feedback.location)
    for form in formset:
        form.fields["owner"].queryset = people
        form.fields["owner"].manager_id = feedback.location.manager_id
    return formset


def measures_from(formset) -> list[MeasureInput]:
    return [m for m in (f.measure() for f in formset) if m is not None]


class ResolveForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reden",
        choices=[(c.value, c.label) for c in ClosureReason if c in RESOLVE_REASONS],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Toelichting voor de ouder",
        widget=forms.Textarea,
        help_text="De ouder ziet dit op de eigen pagina.",
    )


class ConfirmForm(forms.Form):
    """A close or similar step without input: the button is the confirmation."""


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reden", widget=forms.Textarea)


class WithdrawForm(forms.Form):
    text = forms.CharField(
        label="Toelichting",
        widget=forms.Textarea,
        required=False,
        help_text="Bijvoorbeeld: de ouder heeft gebeld dat de klacht is opgelost.",
    )


class SituationForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        label="Klantreacties over dezelfde situatie",
        queryset=Feedback.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    references = forms.CharField(
        label="Of geef kenmerken op",
        required=False,
        help_text="Gescheiden door komma's, bijvoorbeeld 2025-0003, 2025-0004.",
    )
    title = forms.CharField(label="Korte omschrijving (zonder namen)", max_length=200)

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
                self.add_error("references", f"Niet gevonden: {', '.join(unknown)}.")
            ids |= set(found.values())
        if not ids and not self.errors:
            self.add_error("others", "Kies minstens één andere klantreactie.")
        data["ids"] = ids
        return data


class EscalationForm(forms.Form):
    body = forms.ChoiceField(label="Instantie", choices=Escalation.Body.choices)
    started_on = forms.DateField(label="Begonnen op", widget=DATE)
    ended_on = forms.DateField(label="Afgerond op", widget=DATE, required=False)
    result = forms.ChoiceField(
        label="Uitkomst",
        choices=[("", "nog niet bekend"), *Escalation.Result.choices],
        required=False,
    )
    is_binding = forms.BooleanField(label="Bindende uitspraak (geschil)", required=False)
    summary = forms.CharField(
        label="Samenvatting (zonder namen)", widget=forms.Textarea, required=False
    )


class EscalationEndForm(forms.Form):
    ended_on = forms.DateField(label="Afgerond op", widget=DATE, initial=timezone.localdate)
    result = forms.ChoiceField(label="Uitkomst", choices=Escalation.Result.choices)
    is_binding = forms.BooleanField(label="Bindende uitspraak (geschil)", required=False)


class ReportTextsForm(forms.Form):
    summary = forms.CharField(
        label="Omschrijving voor het jaarverslag (zonder namen)",
        widget=forms.Textarea,
        required=False,
    )
    handling = forms.CharField(
        label="Afhandeling voor het jaarverslag (zonder namen)",
        widget=forms.Textarea,
        required=False,
    )


class ShareForm(forms.Form):
    text = forms.CharField(
        label="Toelichting voor het team",
        widget=forms.Textarea,
        required=False,
    )


class ImprovementForm(forms.Form):
    title = forms.CharField(label="Verbetering", max_length=200)
    description = forms.CharField(label="Omschrijving", widget=forms.Textarea, required=False)
    decided_on = forms.DateField(label="Besloten op", widget=DATE, initial=timezone.localdate)
    done_on = forms.DateField(label="Gerealiseerd op", widget=DATE, required=False)
    client_panel_asked = forms.BooleanField(label="Klantpanel om advies gevraagd", required=False)
    client_panel_advice = forms.CharField(
        label="Advies van het klantpanel", widget=forms.Textarea, required=False
    )


class MeldcodeStartForm(forms.Form):
    text = forms.CharField(label="Waarom de meldcoderoute?", widget=forms.Textarea)
    concerned_employee = forms.ModelChoiceField(
        label="Gaat het vermoeden over een medewerker?",
        queryset=User.objects.filter(is_active=True, api_token__isnull=True).order_by(
            "last_name", "username"
        ),
        required=False,
        empty_label="Nee, niet over een medewerker",
        help_text="Deze medewerker kan het dossier daarna niet meer zien.",
    )


class MeldcodeStepForm(forms.Form):
    step = forms.ChoiceField(label="Stap", choices=MeldcodeStep.Step.choices)
    at = forms.DateTimeField(
        label="Datum en tijd", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    decision = forms.CharField(label="Besluit of uitkomst", widget=forms.Textarea)

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at > timezone.now():
            raise ValidationError("Dit moment ligt in de toekomst.")
        return at


class SubmitForm(forms.Form):
    """A klantreactie received by phone, mail, letter or in person, typed in by staff.

    The same checks as the public form: the service must be given at the location, and the
    parent must be reachable in the way they prefer.
    """

    channel = forms.ChoiceField(
        label="Hoe kwam de klantreactie binnen?",
        choices=[
            (c.value, c.label)
            for c in (Channel.PHONE, Channel.EMAIL, Channel.LETTER, Channel.IN_PERSON)
        ],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label="Ontvangen op",
        widget=DATE,
        initial=timezone.localdate,
        help_text="De termijn begint op de dag van ontvangst.",
    )
    kind = forms.ChoiceField(label="Soort", choices=Kind.choices, widget=forms.RadioSelect)
    location = forms.ModelChoiceField(label="Vestiging", queryset=Location.objects.none())
    service = forms.ModelChoiceField(label="Dienst", queryset=Service.objects.all())
    happened_on = forms.DateField(label="Sinds wanneer", widget=DATE, required=False)
    description = forms.CharField(label="Wat is er gebeurd?", widget=forms.Textarea)
    desired_outcome = forms.CharField(
        label="Wat zou helpen?", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    child_name = forms.CharField(label="Voornaam kind", max_length=100, required=False)
    child_group = forms.CharField(label="Groep", max_length=100, required=False)
    submitter_name = forms.CharField(label="Naam ouder", max_length=200)
    submitter_email = forms.EmailField(label="E-mailadres ouder", required=False)
    submitter_phone = forms.CharField(label="Telefoon ouder", max_length=30, required=False)
    contact_preference = forms.ChoiceField(
        label="Contact bij voorkeur",
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        initial=ContactPreference.EMAIL,
    )
    suspected_abuse = forms.BooleanField(
        label="Er is een vermoeden van kindermishandeling of grensoverschrijdend gedrag",
        required=False,
        help_text="Dan volgt de klantreactie de beperkte meldcoderoute.",
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError("De datum ligt in de toekomst.")
        return received_on

    def clean_happened_on(self):
        happened_on = self.cleaned_data.get("happened_on")
        if happened_on and happened_on > timezone.localdate():
            raise ValidationError("De datum ligt in de toekomst.")
        return happened_on

    def clean(self):
        data = super().clean()
        preference = data.get("contact_preference")
        email_missing = not data.get("submitter_email") and "submitter_email" not in self.errors
        if preference == ContactPreference.EMAIL and email_missing:
            self.add_error("submitter_email", "Vul een e-mailadres in, of kies telefoon.")
        if preference == ContactPreference.PHONE and not data.get("submitter_phone"):
            self.add_error("submitter_phone", "Vul een telefoonnummer in, of kies e-mail.")
        location, service = data.get("location"), data.get("service")
        if location and service and not location.services.filter(pk=service.pk).exists():
            self.add_error("service", "Deze dienst wordt niet gegeven op de gekozen vestiging.")
        if data.get("child_group") and not data.get("child_name"):
            self.add_error("child_name", "Vul de voornaam van het kind in.")
        return data

    def children(self) -> list[Child]:
        name = self.cleaned_data.get("child_name", "").strip()
        if not name:
            return []
        return [Child(first_name=name, group=self.cleaned_data.get("child_group", "").strip())]
