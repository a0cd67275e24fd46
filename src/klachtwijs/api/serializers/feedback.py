"""Klantreacties as the API shows them, and the filters of the list."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from klachtwijs.api import gate
from klachtwijs.feedback.models import (
    AgeBand,
    ClosureReason,
    Event,
    Feedback,
    Judgment,
    Kind,
    Status,
    SubmitterRole,
)
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework

# The dossier actions with an endpoint `klantreacties/{id}/<action>/`, named as in the core
# (`escalation_end` is the core's `escalation`: the end of one that is running).
API_ACTIONS = ["register", "assign", "contact", "extend", "judge", "close", "resolve"]
API_ACTIONS += ["withdraw", "reopen", "note", "message", "situation", "report_texts"]
API_ACTIONS += ["share_team", "measure", "measure_done", "escalation_end"]
API_ACTIONS += ["start_meldcode", "meldcode", "close_meldcode", "correct_service"]
API_ACTIONS += ["meldcode_concerned"]


MAX_ID = 2**63 - 1  # the largest id any supported database stores


def _id(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text=help_text
    )


class FeedbackFilterSerializer(serializers.Serializer):
    """The query parameters of the list; all optional, combined with AND."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    location = _id(help_text="id vestiging")
    region = _id(help_text="id GGD-regio")
    service = _id(help_text="id dienst")
    category = _id(help_text="id categorie")
    framework = serializers.ChoiceField(choices=LegalFramework.choices, required=False)
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, help_text="jaar van ontvangst"
    )


class FeedbackSerializer(serializers.ModelSerializer):
    """A klantreactie in a list: the dossier's facts, and only the submitter's name."""

    due = serializers.DateField(
        read_only=True, allow_null=True, help_text="antwoord uiterlijk, met verlenging"
    )
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, allow_blank=True, read_only=True, help_text="leeg: open"
    )

    class Meta:
        model = Feedback
        fields = [
            "id",
            "reference",
            "kind",
            "kind_by_parent",
            "status",
            "channel",
            "framework",
            "location",
            "service",
            "category",
            "handler",
            "situation",
            "is_restricted",
            "received_at",
            "registered_at",
            "answered_at",
            "closed_at",
            "closure_reason",
            "answer_due",
            "extended_until",
            "due",
            "submitter_name",
        ]
        read_only_fields = fields

    # What a reader without the dossier's personal data (`access.sees_personal_data`) gets
    # instead of the parent's and children's names, contact details and own words.
    WITHHELD: dict[str, object] = {
        "submitter_name": "",
        "description": "",
        "desired_outcome": "",
        "submitter_email": "",
        "submitter_phone": "",
        "children": [],
        "satisfaction_comment": "",
    }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "full_view_ids" not in self.context:
            # Without a reader (no request in the context) nothing personal goes out.
            request = self.context.get("request")
            self.context["full_view_ids"] = (
                set()
                if request is None
                else access.full_view_ids(request.user, today=timezone.localdate())
            )
        full = self.context["full_view_ids"]
        if full is not None and instance.pk not in full:
            for name, empty in self.WITHHELD.items():
                if name in data:
                    data[name] = empty
            for judgment in data.get("judgments") or []:
                judgment["reasoning"] = judgment["no_measures_reason"] = ""
        return data


class ChildSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, help_text="alleen de voornaam")
    group = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class JudgmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Judgment
        fields = [
            "id",
            "outcome",
            "reasoning",
            "no_measures_reason",
            "by_committee",
            "decided_on",
            "measures_due",
            "sent_at",
        ]
        read_only_fields = fields


@extend_schema_field(
    {
        "type": "string",
        "anyOf": [{"format": "email"}, {"maxLength": 0}],
        "description": "Leeg als de ouder geen e-mailadres gaf of u de persoonsgegevens niet "
        "mag zien.",
    }
)
class EmailOrEmptyField(serializers.CharField):
    """An e-mail address, or "" (none given, or withheld: `WITHHELD`)."""


class FeedbackDetailSerializer(FeedbackSerializer):
    """One dossier: everything the parent wrote, the judgments and what may happen next."""

    submitter_email = EmailOrEmptyField(read_only=True, label="E-mailadres")
    children = ChildSerializer(many=True, read_only=True)
    # Who wrote it and the child's age band (LEGAL.md P4); "" when not asked.
    submitter_role = serializers.ChoiceField(
        SubmitterRole.choices, allow_blank=True, read_only=True
    )
    age_band = serializers.ChoiceField(AgeBand.choices, allow_blank=True, read_only=True)
    judgments = JudgmentSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(FeedbackSerializer.Meta):
        fields = [
            *FeedbackSerializer.Meta.fields,
            "description",
            "desired_outcome",
            "happened_on",
            "submitter_email",
            "submitter_phone",
            "contact_preference",
            "children",
            "submitter_role",
            "age_band",
            "report_summary",
            "report_handling",
            "satisfaction",
            "satisfaction_comment",
            "judgments",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(gate.ACTION_NAMES),
            help_text=(
                "Wat u nu mag doen: de status, de soort en het wettelijk kader laten het toe en "
                "uw rol mag het. Precies wat de back office bij dit dossier aanbiedt. "
                "Elke actie is een POST op `klantreacties/{id}/<actie>/`, behalve: "
                "`committee` is `judge/` met `by_committee`; `escalation` is een POST op "
                "`escalations/` (een nieuwe) of `escalation_end/` (de uitkomst van een lopende)."
            ),
        )
    )
    def get_allowed_actions(self, feedback: Feedback) -> list[str]:
        """What the caller may do now: the core's answer, the same as the web page's."""
        user = self.context["request"].user
        return sorted(gate.actions_allowed(user=user, feedback=feedback))


class EventSerializer(serializers.ModelSerializer):
    """One entry of the timeline."""

    from_status = serializers.ChoiceField(Status.choices, allow_blank=True, read_only=True)
    to_status = serializers.ChoiceField(Status.choices, allow_blank=True, read_only=True)
    contact_channel = serializers.ChoiceField(
        Event.ContactChannel.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "at",
            "kind",
            "actor",
            "from_status",
            "to_status",
            "text",
            "visible_to_parent",
            "contact_channel",
            "contact_on",
        ]
        read_only_fields = fields
