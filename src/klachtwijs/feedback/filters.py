"""The filters of the overview and its exports: a plain GET form, so every link is shareable."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.core.cache import local_cached
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

# The choice lists follow the same version as the list rows' locations, services and
# categories (`selectors.REFERENCE`): a category, location, region, service or user changed.
FILTER_CHOICES = selectors.REFERENCE


class _CachedChoices(ModelChoiceIterator):
    """A model field's options read once per process until they change (`FILTER_CHOICES`),
    instead of one query per select on every overview page. Values and labels are those of
    Django's own iterator (`pk`, `label_from_instance`)."""

    def _options(self) -> list[tuple[int, str]]:
        return local_cached(
            FILTER_CHOICES,
            self.field.cache_key,
            lambda: [(o.pk, self.field.label_from_instance(o)) for o in self.queryset],
        )

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._options()

    def __len__(self) -> int:
        return len(self._options()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self._options())


class CachedModelChoiceField(forms.ModelChoiceField):
    """A `ModelChoiceField` whose options come from `_CachedChoices` under `cache_key` (which
    must name everything the queryset depends on); a chosen value is still checked against
    the queryset, so scope decides what may be chosen."""

    iterator = _CachedChoices

    def __init__(self, *args, cache_key: object, **kwargs) -> None:
        self.cache_key = cache_key
        super().__init__(*args, **kwargs)


class FeedbackFilterForm(forms.Form):
    """Every field is optional; an invalid value is ignored rather than shown as an error."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    weergave = forms.ChoiceField(label=_("Weergave"), choices=VIEWS, required=False)
    kind = forms.ChoiceField(label=_("Soort"), choices=EMPTY + Kind.choices, required=False)
    category = CachedModelChoiceField(
        label=_("Categorie"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("Alle"),
        cache_key="category",
    )
    location = CachedModelChoiceField(
        label=_("Vestiging"),
        queryset=None,
        required=False,
        empty_label=_("Alle"),
        cache_key=None,  # per user: set in __init__
    )
    region = CachedModelChoiceField(
        label=_("GGD-regio"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Alle"),
        cache_key="region",
    )
    service = CachedModelChoiceField(
        label=_("Dienst"),
        queryset=Service.objects.all(),
        required=False,
        empty_label=_("Alle"),
        cache_key="service",
    )
    framework = forms.ChoiceField(
        label=_("Wettelijk kader"), choices=EMPTY + LegalFramework.choices, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=EMPTY + Status.choices, required=False)
    handler = CachedModelChoiceField(
        label=_("Behandelaar"),
        queryset=None,
        required=False,
        empty_label=_("Alle"),
        cache_key="handler",
    )
    year = forms.TypedChoiceField(label=_("Jaar"), coerce=int, required=False, empty_value=None)
    sorteer = forms.ChoiceField(label=_("Sorteren op"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The locations a user sees depend on who they are (`access.locations_visible`).
        self.fields["location"].cache_key = ("location", user.pk, user.role)
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
