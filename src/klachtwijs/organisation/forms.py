"""The staff sign-in form: user name, password and the code from the authenticator app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation import access
from klachtwijs.organisation.services import location_field


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        help_text=_("De 6 cijfers die de app nu laat zien."),
        error_messages={"invalid": _("Vul de 6 cijfers uit de app in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        ),
    )


class MeldcodeRolesForm(forms.Form):
    """Who decides in the meldcode route (the organisation, and per location where it
    differs) and who heads the organisation (LEGAL.md M1, M2)."""

    meldcode_decider = forms.ModelChoiceField(
        label=_("Wie beslist in de meldcoderoute?"),
        queryset=access.decider_candidates(),
        required=False,
        empty_label=_("Niemand aangewezen"),
        help_text=_(
            "Deze persoon legt stap 5 vast: het besluit over een melding bij Veilig Thuis. "
            "U kiest uit de aandachtsfunctionarissen en het hoofd kwaliteit."
        ),
    )
    head = forms.ModelChoiceField(
        label=_("Wie is de bestuurder (het hoofd van de organisatie)?"),
        queryset=access.concerned_candidates(),
        required=False,
        empty_label=_("Geen account in Klachtwijs"),
        help_text=_(
            "Gaat een vermoeden over de bestuurder, dan loopt de meldcoderoute om deze persoon "
            "heen: geen inzage, geen berichten, niet beslissen."
        ),
    )

    def __init__(self, *args, locations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.locations = list(locations)
        for location in self.locations:
            self.fields[location_field(location)] = forms.ModelChoiceField(
                label=_("Beslisser voor vestiging %(name)s") % {"name": location.name},
                queryset=access.decider_candidates(),
                required=False,
                empty_label=_("Zoals de organisatie"),
            )

    def location_deciders(self) -> dict:
        return {loc: self.cleaned_data.get(location_field(loc)) for loc in self.locations}
