from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from klachtwijs.core.models import AccessLog

DATES_REVERSED = gettext_noop("De einddatum ligt vóór de begindatum.")


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    reference = forms.CharField(
        label=_("Kenmerk dossier"),
        required=False,
        max_length=12,
        help_text=_("Bijvoorbeeld 2025-0007."),
    )
    action = forms.ChoiceField(
        label=_("Handeling"), required=False, choices=[("", _("Alle"))] + AccessLog.Action.choices
    )
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _(DATES_REVERSED))
        return data

    def filters(self) -> dict:
        """The cleaned filters for `access_log_search` (none when the form is not valid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
