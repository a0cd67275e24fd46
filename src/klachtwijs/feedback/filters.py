"""The filters of the overview and its exports: a plain GET form, so every link is shareable."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback import selectors
from klachtwijs.feedback.models import Category, Kind, Status
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Region, Service, User

EMPTY = [("", _("Alle"))]
FIRST_YEAR = 2015

VIEWS = [
    ("", _("Alle klantreacties")),
    (selectors.VIEW_OPEN, _("Nog niet beantwoord")),
    (selectors.VIEW_TO_REGISTER, _("Te registreren")),
    (selectors.VIEW_DUE_SOON, _("Termijn binnen 7 dagen")),
    (selectors.VIEW_OVERDUE, _("Termijn verstreken")),
]
SORT_CHOICES = [
    ("-ontvangen", _("Nieuwste eerst")),
    ("ontvangen", _("Oudste eerst")),
    ("termijn", _("Termijn: eerst afgelopen")),
    ("-termijn", _("Termijn: laatste eerst")),
    ("kenmerk", _("Kenmerk")),
    ("vestiging", _("Vestiging")),
    ("status", _("Status")),
]


class FeedbackFilterForm(forms.Form):
    """Every field is optional; an invalid value is ignored rather than shown as an error."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    weergave = forms.ChoiceField(label=_("Weergave"), choices=VIEWS, required=False)
    kind = forms.ChoiceField(label=_("Soort"), choices=EMPTY + Kind.choices, required=False)
    category = forms.ModelChoiceField(
        label=_("Categorie"), queryset=Category.objects.all(), required=False, empty_label=_("Alle")
    )
    location = forms.ModelChoiceField(
        label=_("Vestiging"), queryset=None, required=False, empty_label=_("Alle")
    )
    region = forms.ModelChoiceField(
        label=_("GGD-regio"), queryset=Region.objects.all(), required=False, empty_label=_("Alle")
    )
    service = forms.ModelChoiceField(
        label=_("Dienst"), queryset=Service.objects.all(), required=False, empty_label=_("Alle")
    )
    framework = forms.ChoiceField(
        label=_("Wettelijk kader"), choices=EMPTY + LegalFramework.choices, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=EMPTY + Status.choices, required=False)
    handler = forms.ModelChoiceField(
        label=_("Behandelaar"), queryset=None, required=False, empty_label=_("Alle")
    )
    year = forms.TypedChoiceField(label=_("Jaar"), coerce=int, required=False, empty_value=None)
    sorteer = forms.ChoiceField(label=_("Sorteren op"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = access.locations_visible(user)
        self.fields["handler"].queryset = access.handler_candidates().order_by(
            "first_name", "last_name", "pk"
        )
        this_year = timezone.localdate().year
        self.fields["year"].choices = EMPTY + [
            (y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)
        ]

    def filters(self) -> dict[str, object]:
        """The cleaned filters; with invalid input only the fields that are valid."""
        if self.is_valid():
            return self.cleaned_data
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
