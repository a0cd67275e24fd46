"""Forms of the Jeugdwet report's own pages (LEGAL.md R5): the committee per year, adoption,
publication and the recipients."""

from django import forms
from django.utils.translation import gettext_lazy as _

from klachtwijs.reports.models_jeugdwet import JeugdwetRecipient

DATE = forms.DateInput(attrs={"type": "date"})


class CommitteeYearForm(forms.Form):
    members = forms.CharField(
        label=_("Leden van de klachtencommissie"),
        help_text=_("Eén lid per regel. De Jeugdwet vraagt ten minste drie leden."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    chair = forms.CharField(label=_("Voorzitter"), max_length=200)
    chair_independent = forms.BooleanField(
        label=_("De voorzitter werkt niet bij of voor onze organisatie"), required=False
    )
    could_work = forms.BooleanField(
        label=_("De commissie kon haar werk dit jaar doen"), required=False
    )
    explanation = forms.CharField(
        label=_("Toelichting"),
        help_text=_("Verplicht als de commissie haar werk niet (goed) kon doen."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    recommendations = forms.CharField(
        label=_("Aanbevelingen van de commissie (zonder namen)"),
        help_text=_("Laat leeg als de commissie geen aanbevelingen deed."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class AdoptForm(forms.Form):
    on = forms.DateField(label=_("Vastgesteld op"), widget=DATE)


class PublishForm(forms.Form):
    on = forms.DateField(label=_("Openbaar gemaakt op"), widget=DATE)
    public_url = forms.URLField(
        label=_("Openbare link (niet verplicht)"), required=False, assume_scheme="https"
    )


class RecipientForm(forms.Form):
    kind = forms.ChoiceField(label=_("Ontvanger"), choices=JeugdwetRecipient.Kind.choices)
    name = forms.CharField(
        label=_("Naam van de cliëntenorganisatie"),
        help_text=_("Alleen bij een regionale cliëntenorganisatie."),
        max_length=200,
        required=False,
    )
    on = forms.DateField(label=_("Verstuurd op"), widget=DATE)


STEP_FORMS: dict[str, type[forms.Form]] = {
    "adopt": AdoptForm,
    "publish": PublishForm,
    "recipient": RecipientForm,
}
