"""Forms of the report pages: the picker and the dated steps of the report's life."""

from django import forms
from django.utils import timezone

from klachtwijs.organisation.models import Region
from klachtwijs.reports.models import ReportFile, Variant


class PickForm(forms.Form):
    year = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(
        label="GGD-regio",
        queryset=Region.objects.all(),
        required=False,
        empty_label="Hele organisatie",
    )
    variant = forms.ChoiceField(label="Soort verslag", choices=Variant.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class FileForm(forms.Form):
    format = forms.ChoiceField(label="Formaat", choices=ReportFile.Format.choices)


class DateForm(forms.Form):
    on = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))


class PanelForm(DateForm):
    advice = forms.CharField(label="Advies van het klantpanel", widget=forms.Textarea)


class SendForm(DateForm):
    parents_informed_on = forms.DateField(
        label="Alle ouders ingelicht op", widget=forms.DateInput(attrs={"type": "date"})
    )


class PublishForm(DateForm):
    public_url = forms.URLField(
        label="Openbare link naar de pdf (niet verplicht)", required=False, assume_scheme="https"
    )


class FixForm(forms.Form):
    summary = forms.CharField(label="Omschrijving (zonder namen)", widget=forms.Textarea)
    handling = forms.CharField(label="Afhandeling (zonder namen)", widget=forms.Textarea)


STEP_FORMS: dict[str, type[forms.Form] | None] = {
    "make_final": None,
    "back_to_draft": None,
    "discuss_management": DateForm,
    "discuss_client_panel": PanelForm,
    "send": SendForm,
    "publish": PublishForm,
}
