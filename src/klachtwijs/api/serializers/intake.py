"""A new klantreactie through the API: by staff or a system on behalf of a parent, or from
another website (the public endpoint). Same checks as the public form."""

import re

from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import serializers

from klachtwijs.api.serializers.feedback import ChildSerializer
from klachtwijs.feedback.models import (
    AgeBand,
    Category,
    Channel,
    ContactPreference,
    Kind,
    ParentLanguage,
    SubmitterRole,
)
from klachtwijs.feedback.services import SERVICE_NOT_AT_LOCATION
from klachtwijs.intake.services import submitter_errors
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Service

PHONE = re.compile(r"^\+?[0-9 ()-]{8,20}$")
BAD_PHONE = "Vul een telefoonnummer in met alleen cijfers, spaties, + of -."
IN_FUTURE = "Deze datum ligt in de toekomst."
HONEYPOT = "Laat dit veld leeg."
# How a klantreactie typed in for a parent came in: the back office's choices, or this API.
ON_BEHALF_CHANNELS = (Channel.API, Channel.PHONE, Channel.EMAIL, Channel.LETTER, Channel.IN_PERSON)


class IntakeSerializer(serializers.Serializer):
    """What the parent tells us; the fields of the public form."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.filter(is_active=True), help_text="id vestiging"
    )
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), help_text="id dienst; de vestiging moet die geven"
    )
    description = serializers.CharField(max_length=10000, help_text="wat is er gebeurd")
    desired_outcome = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    happened_on = serializers.DateField(required=False, allow_null=True, default=None)
    anonymous = serializers.BooleanField(
        default=False,
        help_text=(
            "een anoniem signaal: zonder naam, soort 'signal', geen wettelijke termijn; een "
            "e-mailadres mag (dan een privélink), naam en telefoon worden niet bewaard"
        ),
    )
    submitter_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="verplicht, behalve bij een anoniem signaal",
    )
    submitter_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, default=""
    )
    submitter_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    contact_preference = serializers.ChoiceField(
        choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    children = ChildSerializer(many=True, required=False, default=list, max_length=10)
    # Who may later see or erase the data (LEGAL.md P4, feedback.minors). Optional here, so
    # existing links keep working; left out, the handler checks who may act.
    submitter_role = serializers.ChoiceField(
        choices=SubmitterRole.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="wie schrijft: de ouder of voogd, de jongere zelf, of iemand anders namens hen",
    )
    age_band = serializers.ChoiceField(
        choices=AgeBand.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="leeftijd van het (oudste) kind: jonger dan 12, 12 tot en met 15, 16 of ouder",
    )

    parent_language = serializers.ChoiceField(
        choices=ParentLanguage.choices,
        default=ParentLanguage.DUTCH,
        help_text=(
            "de taal waarin de ouder schreef (nl, en, ar, tr, pl, uk); de e-mails aan de ouder "
            "komen in deze taal. Weggelaten: nl"
        ),
    )

    def validate_submitter_phone(self, value: str) -> str:
        if value and not PHONE.match(value):
            raise serializers.ValidationError(BAD_PHONE)
        return value

    def validate_happened_on(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(IN_FUTURE)
        return value

    def validate(self, attrs: dict) -> dict:
        # The same rule as the web form (`intake.services.submitter_errors`).
        errors = {
            name: gettext(message)
            for name, message in submitter_errors(
                kind=attrs["kind"],
                anonymous=attrs.get("anonymous", False),
                submitter_name=attrs.get("submitter_name", ""),
                submitter_email=attrs.get("submitter_email", ""),
                submitter_phone=attrs.get("submitter_phone", ""),
                contact_preference=attrs.get("contact_preference", ""),
            ).items()
        }
        location, service = attrs["location"], attrs["service"]
        if not location.services.filter(pk=service.pk).exists():
            errors["service"] = SERVICE_NOT_AT_LOCATION
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PublicIntakeSerializer(IntakeSerializer):
    website = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="Laat leeg. Een veld dat alleen robots invullen.",
    )

    def validate_website(self, value: str) -> str:
        if value:
            raise serializers.ValidationError(HONEYPOT)
        return value


class OnBehalfSerializer(IntakeSerializer):
    """Staff or a system submits for a parent: only at a location in their scope."""

    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="id categorie",
    )
    suspected_abuse = serializers.BooleanField(
        default=False, help_text="vermoeden van kindermishandeling: de beperkte meldcoderoute"
    )
    channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in ON_BEHALF_CHANNELS],
        default=Channel.API,
        help_text="hoe de klantreactie binnenkwam; weggelaten: via de API",
    )
    received_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "de dag waarop de klantreactie binnenkwam, niet in de toekomst; de termijn begint "
            "op die dag. Weggelaten: nu"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["location"].queryset = access.locations_visible(request.user).filter(
                is_active=True
            )


class ReceiptSerializer(serializers.Serializer):
    """What the parent's website can show after sending."""

    reference = serializers.CharField(help_text="het kenmerk, bijvoorbeeld 2026-0007")
    received_at = serializers.DateTimeField()
    acknowledgement_by_email = serializers.BooleanField(
        help_text="een ontvangstbevestiging met de privélink gaat per e-mail"
    )
    next_steps = serializers.CharField(help_text="wat er nu gebeurt, in gewone taal")
