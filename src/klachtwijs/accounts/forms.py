"""The staff page's forms and the invitation page's form. Rules are the services' (who may give
which role, unique address, password validators, the code); these only parse."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.models import Location, Role


class StaffForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Hier komt de uitnodiging binnen. Dit is ook de gebruikersnaam."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Rol"), widget=forms.RadioSelect)
    locations = forms.ModelMultipleChoiceField(
        label=_("Vestigingen"),
        queryset=Location.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor behandelaars en medewerkers: waar zij werken."),
    )

    def __init__(self, *args, roles: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class StaffEditForm(StaffForm):
    is_active = forms.BooleanField(
        label=_("Account werkt"),
        required=False,
        help_text=_("Zet dit uit als iemand niet meer bij de organisatie werkt."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = Location.objects.all()


class InvitationForm(forms.Form):
    password = forms.CharField(
        label=_("Nieuw wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Nieuw wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    code = forms.RegexField(
        label=_("Code uit de app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        help_text=_("De 6 cijfers die de app nu laat zien."),
        error_messages={"invalid": _("Vul de 6 cijfers uit de app in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = " ".join(password_validators_help_texts())


class CodeForm(forms.Form):
    """The second step after a sign-in through the organisation's provider."""

    code = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        help_text=_("De 6 cijfers die de app nu laat zien."),
        error_messages={"invalid": _("Vul de 6 cijfers uit de app in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        ),
    )


class OidcGroupForm(forms.Form):
    """Which role and locations a group at the organisation's identity provider gives."""

    group = forms.CharField(
        label=_("Groep bij uw identiteitsprovider"),
        max_length=200,
        help_text=_(
            "Precies zoals de provider de groep doorgeeft, bijvoorbeeld de naam of het id van "
            "de groep in Microsoft 365 of Google."
        ),
    )
    role = forms.ChoiceField(label=_("Rol in Klachtwijs"), widget=forms.RadioSelect)
    locations = forms.ModelMultipleChoiceField(
        label=_("Vestigingen"),
        queryset=Location.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor behandelaars en medewerkers: waar zij werken."),
    )

    def __init__(self, *args, roles: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
