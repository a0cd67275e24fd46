from django import forms

from klachtwijs.core.models import AccessLog

DATES_REVERSED = "De einddatum ligt vóór de begindatum."


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label="Gebruikersnaam", required=False, max_length=150)
    reference = forms.CharField(
        label="Kenmerk dossier", required=False, max_length=12, help_text="Bijvoorbeeld 2025-0007."
    )
    action = forms.ChoiceField(
        label="Handeling", required=False, choices=[("", "Alle")] + AccessLog.Action.choices
    )
    date_from = forms.DateField(
        label="Vanaf", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", DATES_REVERSED)
        return data

    def filters(self) -> dict:
        """The cleaned filters for `access_log_search` (none when the form is not valid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
