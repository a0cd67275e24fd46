"""The klantreactie form. `FeedbackForm` holds the fields and checks that the public form and
the back office share (the back office subclasses it and adds `channel`); `IntakeForm` adds
what only the public form needs: the honeypot. No consent box: the organisation handles
complaints because the law obliges it (AVG 6(1)(c), LEGAL.md P1); the page says so instead."""

import re
from datetime import date

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback.models import AgeBand, ContactPreference, Kind, SubmitterRole
from klachtwijs.feedback.services import Child
from klachtwijs.intake import services, uploads
from klachtwijs.intake.selectors import places
from klachtwijs.organisation.models import Location, Service

MAX_CHILDREN = 3
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y"]
PHONE = re.compile(r"^\+?[0-9 ()-]+$")

KIND_LABELS = {
    Kind.COMPLAINT: _("Een klacht: ik ben ergens niet tevreden over"),
    Kind.SUGGESTION: _("Een verbeterpunt: iets kan beter"),
    Kind.COMPLIMENT: _("Een compliment"),
    Kind.SIGNAL: _("Een vraag of signaal"),
}
ROLE_LABELS = {
    SubmitterRole.PARENT: _("Ik ben ouder of voogd"),
    SubmitterRole.YOUNG_PERSON: _("Ik ben de jongere zelf"),
    SubmitterRole.OTHER: _("Ik schrijf namens iemand anders"),
}
AGE_BAND_LABELS = {
    AgeBand.UNDER_12: _("Jonger dan 12"),
    AgeBand.FROM_12_TO_15: _("12 tot en met 15"),
    AgeBand.FROM_16: _("16 of ouder"),
}
E_REQUIRED = gettext_noop("Dit veld is verplicht.")
E_KIND = gettext_noop("Kies wat voor bericht u stuurt.")
E_PLACE = gettext_noop("Kies de vestiging en de dienst.")
E_DESCRIPTION = gettext_noop("Schrijf op wat er is gebeurd.")
E_NAME = services.NEED_NAME
E_EMAIL = gettext_noop("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
E_EMAIL_NEEDED = services.NEED_EMAIL
E_PHONE = gettext_noop("Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678.")
E_PHONE_NEEDED = services.NEED_PHONE
E_DATE = gettext_noop("Vul een geldige datum in, bijvoorbeeld 31-01-2025.")
E_FUTURE = gettext_noop("Deze datum ligt in de toekomst. Vul een datum van vandaag of eerder in.")
E_CHILD_NAME = gettext_noop("Vul ook de voornaam van dit kind in.")
E_ROLE = gettext_noop("Kies wie dit bericht schrijft.")
E_AGE_BAND = gettext_noop("Kies hoe oud het kind is.")
E_CONTACT = gettext_noop("Kies hoe wij contact met u opnemen.")
E_TOO_MANY, E_TOO_BIG, E_TYPE = uploads.E_TOO_MANY, uploads.E_TOO_BIG, uploads.E_TYPE
E_HOLD_FULL = gettext_noop(
    "Wij konden uw nieuwe bijlagen nu niet bewaren. Voeg ze opnieuw toe als u het formulier "
    "verbeterd hebt, of probeer het over een uur nog eens."
)
E_RATING = gettext_noop("Kies een cijfer van 1 tot en met 5.")
E_LONG = gettext_noop("Dit is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d).")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list (empty when none were chosen)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _text(label: str, *, required=False, max_length=200, **kwargs) -> forms.CharField:
    messages = {"required": kwargs.pop("required_message", _(E_REQUIRED)), "max_length": _(E_LONG)}
    return forms.CharField(
        label=label, required=required, max_length=max_length, error_messages=messages, **kwargs
    )


def place_choices(locations: list[Location]) -> list:
    """A select grouped by location; each option names location and service, so typing the
    first letters of a location finds it without JavaScript."""
    choices: list = [("", _("Kies vestiging en dienst"))]
    for location in locations:
        options = [
            (f"{location.pk}:{service.pk}", f"{location.name} – {service.name}")
            for service in location.services.all()
        ]
        if options:
            choices.append((location.name, options))
    return choices


class FeedbackForm(forms.Form):
    """A klantreactie, as the parent (or an employee for them) tells it."""

    kind = forms.ChoiceField(
        label=_("Wat wilt u ons laten weten?"),
        choices=list(KIND_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _(E_KIND), "invalid_choice": _(E_KIND)},
    )
    place = forms.ChoiceField(
        label=_("Over welke vestiging en dienst gaat het?"),
        help_text=_("Typ de eerste letters om te zoeken."),
        error_messages={"required": _(E_PLACE), "invalid_choice": _(E_PLACE)},
    )
    description = _text(
        _("Wat is er gebeurd?"),
        required=True,
        max_length=10000,
        required_message=_(E_DESCRIPTION),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Schrijf het in uw eigen woorden. Noem alleen de namen die nodig zijn."),
    )
    happened_on = forms.DateField(
        label=_("Sinds wanneer speelt dit?"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Weet u het niet precies? Kies dan ongeveer de datum."),
        error_messages={"invalid": _(E_DATE)},
    )
    desired_outcome = _text(
        _("Wat zou voor u een goede oplossing zijn?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    submitter_name = _text(
        _("Uw naam"),
        required=True,
        required_message=_(E_NAME),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    submitter_email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Hierop krijgt u de bevestiging en een link."),
        error_messages={"invalid": _(E_EMAIL), "max_length": _(E_EMAIL)},
    )
    # Required only for the way of contact the parent chose (`services.submitter_errors`):
    # the label says so instead of "(niet verplicht)".
    submitter_email.needed_for = _("nodig bij contact per e-mail")
    submitter_phone = _text(
        _("Uw telefoonnummer"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    submitter_phone.needed_for = _("nodig als wij u bellen")
    # Who writes and how old the child is decide who may see or erase the data later
    # (LEGAL.md P4, `feedback.minors`). Two short radio groups.
    submitter_role = forms.ChoiceField(
        label=_("Wie schrijft dit bericht?"),
        choices=list(ROLE_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _(E_ROLE), "invalid_choice": _(E_ROLE)},
    )
    age_band = forms.ChoiceField(
        label=_("Hoe oud is het kind?"),
        choices=list(AGE_BAND_LABELS.items()),
        widget=forms.RadioSelect,
        help_text=_("Gaat het over meer kinderen? Kies dan de leeftijd van het oudste kind."),
        error_messages={"required": _(E_AGE_BAND), "invalid_choice": _(E_AGE_BAND)},
    )
    contact_preference = forms.ChoiceField(
        label=_("Hoe wilt u dat wij contact met u opnemen?"),
        choices=ContactPreference.choices,
        initial=ContactPreference.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"required": _(E_CONTACT), "invalid_choice": _(E_CONTACT)},
    )
    attachments = MultipleFileField(
        label=_("Bijlagen"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_(
            "Bijvoorbeeld een foto of een brief. Hoogstens 5 bestanden van elk "
            "hoogstens 10 MB: PDF, JPEG of PNG."
        ),
    )
    suspected_abuse = forms.BooleanField(
        label=_(
            "Ik maak me zorgen over de veiligheid van een kind (vermoeden van "
            "kindermishandeling of grensoverschrijdend gedrag)"
        ),
        required=False,
        help_text=_(
            "Dan gaat uw bericht meteen naar onze aandachtsfunctionaris. Die volgt de "
            "stappen van de meldcode, neemt snel contact met u op en beslist of er hulp of een "
            "melding bij Veilig Thuis nodig is. Alleen de mensen die dat moeten weten, lezen mee."
        ),
    )

    # One-time keys: a double click stores one dossier (`submission_key`), and the files of a
    # form with an error are held under `upload_token` (intake.uploads.Posted).
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    upload_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # How many child blocks the page shows: one, and one more per "Nog een kind toevoegen".
    children_shown = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_CHILDREN
    )
    anonymous = False  # IntakeForm: a signal without name (`services.submitter_errors`)
    # The fields a parent must fill in for a klantreactie with name; the rest may stay empty.
    REVIEW_ORDER = (
        "kind",
        "place",
        "description",
        "happened_on",
        "desired_outcome",
        "suspected_abuse",
        "submitter_role",
        "age_band",
        "submitter_name",
        "contact_preference",
        "submitter_email",
        "submitter_phone",
    )

    def __init__(self, *args, held_uploads: list[uploads.Upload] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.held_uploads = list(held_uploads)
        self.new_uploads: list[tuple] = []  # (file, content type), checked
        self.location: Location | None = None
        self.service: Service | None = None
        # A callable: the places are read only when the field is rendered or checked, so a
        # page whose form fields come from the cache (intake/form.html) does not read them.
        self.fields["place"].choices = lambda: place_choices(self._locations)
        for n in range(1, MAX_CHILDREN + 1):
            self.fields[f"child_{n}_name"] = _text(
                _("Voornaam kind %(n)s") % {"n": n}, max_length=100
            )
            self.fields[f"child_{n}_group"] = _text(
                _("Groep kind %(n)s") % {"n": n},
                max_length=100,
                help_text=_("Bijvoorbeeld de naam van de groep of de klas.") if n == 1 else "",
            )

    @cached_property
    def _locations(self) -> list[Location]:
        return places()

    def child_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (n, self[f"child_{n}_name"], self[f"child_{n}_group"])
            for n in range(1, MAX_CHILDREN + 1)
        ]

    @property
    def children_visible(self) -> int:
        """The child blocks to show: as many as asked for, and every block with text in it."""
        try:
            asked = int(self.data.get("children_shown") or self.initial.get("children_shown") or 1)
        except (TypeError, ValueError):
            asked = 1
        filled = [
            n
            for n in range(1, MAX_CHILDREN + 1)
            if self.data.get(f"child_{n}_name") or self.data.get(f"child_{n}_group")
        ]
        return max(1, min(MAX_CHILDREN, max([asked, *filled])))

    @property
    def more_open(self) -> bool:
        """Open the optional "when and what would help" group when it holds text or an error."""
        return self._group_open("happened_on", "desired_outcome")

    @property
    def children_open(self) -> bool:
        """Open the children group when a child is named, asked for or wrong."""
        names = [f"child_{n}_{p}" for n in range(1, MAX_CHILDREN + 1) for p in ("name", "group")]
        return self._group_open(*names) or bool(self.data.get("children_shown"))

    def _group_open(self, *names: str) -> bool:
        if any(self.data.get(n) for n in names):
            return True
        return self.is_bound and self._errors is not None and any(n in self._errors for n in names)

    def quiet(self) -> None:
        """Show the form again as typed, without errors (after "Aanpassen" or "Nog een kind
        toevoegen"); the files it accepted were held by the caller."""
        self._errors = forms.utils.ErrorDict()

    def review_rows(self) -> list[tuple[str, str]]:
        """What will be sent, as (question, answer) for the review step: every answer given."""
        data, rows = self.cleaned_data, []
        for name in self.REVIEW_ORDER:
            if name not in self.fields or name not in data:
                continue
            field, value = self.fields[name], data[name]
            if name == "place":
                value = f"{self.location.name} – {self.service.name}"
            elif isinstance(field, forms.ChoiceField) and value:
                value = dict(field.choices).get(value, value)
            elif isinstance(value, bool):
                value = gettext("Ja") if value else ""
            elif isinstance(value, date):
                value = value.strftime("%d-%m-%Y")
            if value not in ("", None):
                rows.append((str(field.label), str(value)))
        for child in self.children():
            label = gettext("Kind")
            rows.append((label, ", ".join(p for p in (child.first_name, child.group) if p)))
        return rows

    def files_listed(self) -> list[tuple[str, str]]:
        """The held files as (name, size in words)."""
        return [(u.name, filesizeformat(u.size)) for u in self.held_uploads]

    def clean_place(self) -> str:
        value = self.cleaned_data["place"]
        location_id, _, service_id = value.partition(":")
        for location in self._locations:
            if str(location.pk) == location_id:
                for service in location.services.all():
                    if str(service.pk) == service_id:
                        self.location, self.service = location, service
                        return value
        raise forms.ValidationError(_(E_PLACE))

    def clean_happened_on(self) -> date | None:
        value = self.cleaned_data["happened_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_(E_FUTURE))
        return value

    def clean_submitter_phone(self) -> str:
        value = self.cleaned_data["submitter_phone"].strip()
        digits = sum(c.isdigit() for c in value)
        if value and (not PHONE.match(value) or not 10 <= digits <= 15):
            raise forms.ValidationError(_(E_PHONE))
        return value

    def clean_attachments(self) -> list:
        """Keep the files that pass; name every file that does not (`uploads.check`)."""
        accepted, errors = uploads.check(
            self.cleaned_data["attachments"], held=len(self.held_uploads)
        )
        self.new_uploads.extend(accepted)
        if errors:
            raise forms.ValidationError(errors)
        return self.cleaned_data["attachments"]

    def clean(self) -> dict:
        data = super().clean()
        # The core's rule (shared with the API): a name, and the contact field the chosen way
        # of contact needs. A field that is already wrong keeps its own message.
        missing = services.submitter_errors(
            kind=data.get("kind") or "",
            anonymous=self.anonymous,
            submitter_name=data.get("submitter_name") or "",
            submitter_email=data.get("submitter_email") or "",
            submitter_phone=data.get("submitter_phone") or "",
            contact_preference=data.get("contact_preference") or "",
        )
        for name, message in missing.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, gettext(message))
        for n in range(1, MAX_CHILDREN + 1):
            if data.get(f"child_{n}_group") and not data.get(f"child_{n}_name"):
                self.add_error(f"child_{n}_name", _(E_CHILD_NAME))
        return data

    def children(self) -> list[Child]:
        data = self.cleaned_data
        return [
            Child(
                first_name=data[f"child_{n}_name"].strip(), group=data[f"child_{n}_group"].strip()
            )
            for n in range(1, MAX_CHILDREN + 1)
            if data.get(f"child_{n}_name", "").strip()
        ]

    def receive_kwargs(self) -> dict:
        """The arguments for `feedback_receive` (add channel, created_by, … as needed)."""
        data = self.cleaned_data
        return {
            "anonymous": self.anonymous,
            "kind": Kind.SIGNAL if self.anonymous else data["kind"],
            "location": self.location,
            "service": self.service,
            "description": data["description"].strip(),
            "desired_outcome": data["desired_outcome"].strip(),
            "happened_on": data["happened_on"],
            "children": self.children(),
            "submitter_role": data.get("submitter_role", ""),
            "age_band": data.get("age_band", ""),
            "submitter_name": data.get("submitter_name", "").strip(),
            "submitter_email": data["submitter_email"].strip(),
            "submitter_phone": data.get("submitter_phone", ""),
            "contact_preference": data.get("contact_preference") or ContactPreference.EMAIL,
            "suspected_abuse": data["suspected_abuse"],
        }


class IntakeForm(FeedbackForm):
    """The public form: adds a honeypot. No consent box (LEGAL.md P1): the privacy notice
    beside the form (intake/_privacy_notice.html) says why the data is needed."""

    # Honeypot: hidden from people (CSS and aria-hidden); robots fill in every field.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    # An anonymous signal asks no name, no way of contact, no role or age (nobody can
    # exercise rights over a nameless dossier anyway): only what happened, where, and
    # optionally an e-mail address for a status link.
    ANONYMOUS_DROPS = (
        "kind",
        "submitter_name",
        "submitter_phone",
        "contact_preference",
        "submitter_role",
        "age_band",
    )

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        if anonymous:
            for name in self.ANONYMOUS_DROPS:
                del self.fields[name]
            email = self.fields["submitter_email"]
            email.needed_for = ""
            email.help_text = _(
                "Wilt u weten wat wij met uw melding doen? Vul dan uw e-mailadres in. U krijgt "
                "dan een link. Uw naam vragen wij niet."
            )
            self.fields["description"].label = _("Wat wilt u ons laten weten?")

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())


class ParentInfoForm(forms.Form):
    """Information the parent adds on the status page."""

    text = _text(
        _("Wat wilt u toevoegen?"),
        required=True,
        max_length=5000,
        required_message=_("Schrijf op wat u wilt toevoegen."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = FeedbackForm.base_fields["attachments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_uploads: list = []
        self.new_uploads: list = []

    clean_attachments = FeedbackForm.clean_attachments


class RatingForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Hoe tevreden bent u over hoe wij uw klantreactie hebben behandeld?"),
        help_text=_("1 is heel ontevreden, 5 is heel tevreden."),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _(E_RATING), "invalid_choice": _(E_RATING)},
    )
    comment = _text(
        _("Wilt u iets toelichten?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResendLinkForm(forms.Form):
    reference = _text(
        _("Uw kenmerk"),
        required=True,
        max_length=12,
        required_message=_("Vul uw kenmerk in."),
        help_text=_("Dit staat in de bevestiging die u kreeg, bijvoorbeeld 2025-0007."),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Vul uw e-mailadres in."), "invalid": _(E_EMAIL)},
    )
