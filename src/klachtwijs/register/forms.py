"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from klachtwijs.organisation.models import Region

MAX_SIZE = 20 * 1024 * 1024
TOO_BIG = gettext_noop("Het bestand is groter dan 20 MB. Splits het register in delen per jaar.")
WRONG_TYPE = gettext_noop("Kies een bestand dat eindigt op .xlsx of .csv.")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Het register (.xlsx of .csv)"),
        help_text=_("Gebruik de kolommen van het sjabloon. De eerste rij bevat de kolomnamen."),
    )
    dry_run = forms.BooleanField(
        label=_("Alleen controleren, nog niets opslaan (proefimport)"), required=False, initial=True
    )
    create_locations = forms.BooleanField(
        label=_("Vestigingen die nog niet bestaan aanmaken"), required=False
    )
    region = forms.ModelChoiceField(
        Region.objects.all(),
        label=_("GGD-regio voor nieuwe vestigingen"),
        required=False,
        help_text=_("Alleen nodig als het bestand geen kolom regio heeft."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_(WRONG_TYPE))
        if upload.size > MAX_SIZE:
            raise forms.ValidationError(_(TOO_BIG))
        return upload
