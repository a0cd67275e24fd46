"""Forms of the report pages: the picker and the dated steps of the report's life."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.models import Region
from klachtwijs.reports.models import ReportFile, Variant


class PickForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(
        label=_("GGD-regio"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Hele organisatie"),
    )
    variant = forms.ChoiceField(label=_("Soort verslag"), choices=Variant.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class FileForm(forms.Form):
    format = forms.ChoiceField(label=_("Formaat"), choices=ReportFile.Format.choices)


class DateForm(forms.Form):
    on = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))


class PanelForm(DateForm):
    advice = forms.CharField(label=_("Advies van het klantpanel"), widget=forms.Textarea)


class SendForm(DateForm):
    parents_informed_on = forms.DateField(
        label=_("Alle ouders ingelicht op"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PublishForm(DateForm):
    public_url = forms.URLField(
        label=_("Openbare link naar de pdf (niet verplicht)"), required=False, assume_scheme="https"
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom heropent u het verslag?"),
        help_text=_(
            "De definitieve versie blijft bewaard, met wat ervan is verstuurd. Daarna maakt u "
            "een nieuwe versie, die opnieuw door de privacycontrole moet."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FixForm(forms.Form):
    summary = forms.CharField(label=_("Omschrijving (zonder namen)"), widget=forms.Textarea)
    handling = forms.CharField(label=_("Afhandeling (zonder namen)"), widget=forms.Textarea)


STEP_FORMS: dict[str, type[forms.Form] | None] = {
    "make_final": None,
    "reopen": ReopenForm,
    "discuss_management": DateForm,
    "discuss_client_panel": PanelForm,
    "send": SendForm,
    "publish": PublishForm,
}


class EvidencePickForm(forms.Form):
    """Which year and GGD region the inspector's evidence pack is about."""

    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(label=_("GGD-regio"), queryset=Region.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class EvidenceForm(forms.Form):
    """The sample of dossiers whose timelines go into the pack, and the file to make. The
    choices are the dossiers the user may pick (`evidence.evidence_candidates`): only their
    number, the day they came in and their kind, nothing personal."""

    FORMATS = (("pdf", "PDF"), ("zip", "ZIP"))

    dossiers = forms.TypedMultipleChoiceField(
        label=_("Steekproef: dossiers waarvan de tijdlijn erin komt"),
        help_text=_("Kies de dossiers die de inspecteur wil zien. Geen keuze mag ook."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Dit dossier kunt u niet kiezen: het hoort niet bij dit jaar en deze regio, "
                "of u mag het niet zien."
            )
        },
    )
    format = forms.ChoiceField(choices=FORMATS, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].choices = [
            (c.pk, f"{c.reference} · {c.received:%d-%m-%Y} · {c.kind}") for c in candidates
        ]
