"""The input of each dossier action (`POST /api/v1/klantreacties/{id}/<action>/`)."""

from rest_framework import serializers

from klachtwijs.feedback.models import Category, Event, Kind, Outcome
from klachtwijs.feedback.services import RESOLVE_REASONS
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Service


def _staff():
    return access.handler_candidates()


class RegisterSerializer(serializers.Serializer):
    """Kind, category, location and service as checked; left out means: as it is now."""

    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        help_text="id categorie; verplicht als de klantreactie er nog geen heeft",
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.filter(is_active=True), required=False
    )
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), required=False)


class AssignSerializer(serializers.Serializer):
    handler = serializers.PrimaryKeyRelatedField(
        queryset=_staff(), help_text="id van de medewerker die de klantreactie behandelt"
    )


class ContactSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Event.ContactChannel.choices)
    on = serializers.DateField(help_text="datum van het contact")
    summary = serializers.CharField(max_length=5000)


class ExtendSerializer(serializers.Serializer):
    until = serializers.DateField(help_text="nieuwe uiterste datum")
    reason = serializers.CharField(max_length=5000)


class MeasureInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    owner = serializers.PrimaryKeyRelatedField(queryset=_staff(), help_text="id eigenaar")
    due_date = serializers.DateField(help_text="concrete datum waarop het klaar is")


class JudgeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasoning = serializers.CharField(max_length=20000)
    measures = MeasureInputSerializer(many=True, required=False, default=list, max_length=50)
    no_measures_reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    by_committee = serializers.BooleanField(default=False)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


class ResolveSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[(r.value, r.label) for r in sorted(RESOLVE_REASONS)])
    text = serializers.CharField(max_length=5000, help_text="waarom, voor de ouder")


class WithdrawSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class EmptySerializer(serializers.Serializer):
    """No input needed."""
