"""Staff type in a klantreactie on behalf of a parent: the public form's fields and checks,
plus how and when it came in (DESIGN §1: an employee reports on behalf of a parent)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback.models import AgeBand, Channel, Kind, ParentLanguage, SubmitterRole
from klachtwijs.intake import forms as intake
from klachtwijs.intake.services import received_at_for
from klachtwijs.organisation.models import Location

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

STAFF_WORDING = {
    # The public form speaks to the parent; an employee types in on the parent's behalf.
    intake.E_KIND: _("Kies wat voor klantreactie het is."),
    intake.E_NAME: _("Vul de naam van de ouder in."),
    intake.E_CONTACT: _("Kies hoe de ouder contact wil."),
    intake.E_EMAIL_NEEDED: _("De ouder wil contact per e-mail. Vul dan het e-mailadres in."),
    intake.E_PHONE_NEEDED: _("De ouder wil gebeld worden. Vul dan het telefoonnummer in."),
    intake.E_ROLE: _("Kies wie de klantreactie gaf."),
}
STAFF_LABELS = {
    "kind": (_("Wat voor klantreactie is het?"), None),
    "description": (
        _("Wat is er gebeurd?"),
        _("Typ op wat de ouder zei of schreef. Noem alleen de namen die nodig zijn."),
    ),
    "happened_on": (
        _("Sinds wanneer speelt dit?"),
        _("Weet de ouder het niet precies? Kies dan ongeveer de datum."),
    ),
    "desired_outcome": (_("Wat zou voor de ouder een goede oplossing zijn?"), ""),
    "submitter_name": (_("Naam van de ouder"), ""),
    "submitter_email": (
        _("E-mailadres van de ouder"),
        _("Hierop krijgt de ouder de bevestiging en een link om de klantreactie te volgen."),
    ),
    "submitter_phone": (_("Telefoonnummer van de ouder"), ""),
    "contact_preference": (_("Hoe wil de ouder contact?"), ""),
    "submitter_role": (_("Wie gaf de klantreactie?"), None),
    "age_band": (_("Hoe oud is het kind?"), None),
    "attachments": (
        _("Bijlagen"),
        _(
            "Bijvoorbeeld de brief of een foto van de ouder. Hoogstens 5 bestanden van elk "
            "hoogstens 10 MB: PDF, JPEG of PNG."
        ),
    ),
    "suspected_abuse": (
        _("Er is een vermoeden van kindermishandeling of grensoverschrijdend gedrag"),
        _("Dan gaat de klantreactie meteen naar de aandachtsfunctionaris (de meldcoderoute)."),
    ),
}
STAFF_ORDER = [
    "channel",
    "received_on",
    "kind",
    "place",
    "description",
    "happened_on",
    "desired_outcome",
    *(f"child_{n}_{part}" for n in range(1, intake.MAX_CHILDREN + 1) for part in ("name", "group")),
    "suspected_abuse",
    "submitter_role",
    "age_band",
    "submitter_name",
    "submitter_email",
    "submitter_phone",
    "contact_preference",
    "parent_language",
    "attachments",
]


def _staff_worded(error: ValidationError | str) -> ValidationError | str:
    """The same error, in words for the employee instead of the parent."""
    if isinstance(error, ValidationError) and getattr(error, "message", None) in STAFF_WORDING:
        return ValidationError(STAFF_WORDING[error.message], code=error.code)
    return error


class SubmitForm(intake.FeedbackForm):
    """A klantreactie received by phone, mail, letter or in person, typed in by staff.

    The public form's fields and checks (up to three children, five attachments checked by
    content, the contact preference, the meldcode route), plus how and when it came in. Only
    the locations in the employee's scope can be chosen. No consent, honeypot or rate limit:
    those guard the public form only.
    """

    channel = forms.ChoiceField(
        label=_("Hoe kwam de klantreactie binnen?"),
        choices=[
            (c.value, c.label)
            for c in (Channel.PHONE, Channel.EMAIL, Channel.LETTER, Channel.IN_PERSON)
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe de klantreactie binnenkwam."),
            "invalid_choice": _("Kies hoe de klantreactie binnenkwam."),
        },
    )
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        widget=DATE,
        input_formats=intake.DATE_FORMATS,
        initial=timezone.localdate,
        help_text=_("De termijn begint op de dag van ontvangst."),
        error_messages={"required": _(intake.E_DATE), "invalid": _(intake.E_DATE)},
    )

    parent_language = forms.ChoiceField(
        label=_("Taal van de ouder"),
        choices=ParentLanguage.choices,
        initial=ParentLanguage.DUTCH,
        required=False,  # left out (an older page, a script): Dutch
        help_text=_("De e-mails aan de ouder komen in deze taal. Brieven blijven Nederlands."),
        error_messages={"invalid_choice": _("Kies een van de talen.")},
    )

    def __init__(self, *args, locations: QuerySet[Location], **kwargs):
        super().__init__(*args, **kwargs)
        # The public form offers every active location; staff only those in their scope, so a
        # location outside it is an invalid choice.
        scope = set(locations.values_list("pk", flat=True))
        self._locations = [loc for loc in self._locations if loc.pk in scope]
        self.fields["place"].choices = intake.place_choices(self._locations)
        self.fields["kind"].choices = Kind.choices
        self.fields["submitter_role"].choices = SubmitterRole.choices
        self.fields["age_band"].choices = AgeBand.choices
        for name, (label, help_text) in STAFF_LABELS.items():
            self.fields[name].label = label
            if help_text is not None:
                self.fields[name].help_text = help_text
        self.order_fields(STAFF_ORDER)

    def clean_received_on(self) -> date:
        """Asks the core's rule (`intake_submit` applies it again), so this error shows with
        the others instead of after them."""
        received_on = self.cleaned_data["received_on"]
        try:
            received_at_for(received_on)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["received_on"]) from None
        return received_on

    def clean(self) -> dict:
        data = super().clean()
        for errors in self._errors.values():
            errors.data[:] = [_staff_worded(error) for error in errors.data]
        return data

    def receive_kwargs(self) -> dict:
        """The public form's arguments for `feedback_receive`, with the channel and the
        parent's language."""
        return {
            **super().receive_kwargs(),
            "channel": self.cleaned_data["channel"],
            "parent_language": self.cleaned_data["parent_language"] or ParentLanguage.DUTCH,
        }
