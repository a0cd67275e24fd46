from django import forms
from django.utils.translation import gettext_lazy as _

from klachtwijs.webhooks import catalogue


class SubscriptionForm(forms.Form):
    """The subscription's settings. Whether the address and events are acceptable is decided
    by the service (`services.url_errors`), whose message is shown next to the field."""

    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Voor uzelf, bijvoorbeeld ‘Ouderapp’ of ‘Kwaliteitssysteem’."),
    )
    url = forms.CharField(
        label=_("Adres (URL) van het andere systeem"),
        max_length=500,
        help_text=_("Begint met https://. Wij sturen elke gebeurtenis als POST naar dit adres."),
    )
    events = forms.MultipleChoiceField(
        label=_("Gebeurtenissen"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen over deze gebeurtenissen krijgt het andere systeem bericht."),
    )
    may_carry_personal_data = forms.BooleanField(
        label=_("Mag persoonsgegevens bevatten"),
        required=False,
        help_text=_(
            "Uit: alleen kenmerken, soort, vestiging, status en datums; geen namen, "
            "contactgegevens of vrije tekst. Zet dit alleen aan als er een "
            "verwerkersovereenkomst is met wie het andere systeem beheert."
        ),
    )
    is_active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = catalogue.choices()
        self.fields["url"].widget.attrs.update(type="url", inputmode="url", autocomplete="url")
