"""The input of each dossier action (`POST /api/v1/klantreacties/{id}/<action>/`)."""

from rest_framework import serializers

from klachtwijs.api.serializers.feedback import MAX_ID
from klachtwijs.feedback.models import Category, Escalation, Event, Kind, MeldcodeStep, Outcome
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


class CorrectServiceSerializer(serializers.Serializer):
    """A wrong service put right after registration (LEGAL.md T4)."""

    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), help_text="id van de juiste dienst"
    )
    reason = serializers.CharField(max_length=5000, help_text="waarom de dienst niet klopte")
    recompute_due = serializers.BooleanField(
        required=False,
        default=False,
        help_text="de termijn opnieuw berekenen; zonder dit blijft de termijn staan",
    )


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


def _id(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=help_text)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class OptionalTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class SituationLinkSerializer(serializers.Serializer):
    others = serializers.ListField(
        child=_id("id van een klantreactie over dezelfde situatie"),
        min_length=1,
        max_length=50,
        help_text="ids van de andere klantreacties (die u mag zien)",
    )
    title = serializers.CharField(max_length=200, help_text="korte omschrijving, zonder namen")


class ReportTextsSerializer(serializers.Serializer):
    """Left out means: as it is now."""

    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    handling = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class MeldcodeStartSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000, help_text="waarom de meldcoderoute")
    concerned_employee = serializers.PrimaryKeyRelatedField(
        queryset=access.concerned_candidates(),
        required=False,
        allow_null=True,
        default=None,
        help_text="id van de medewerker over wie het vermoeden gaat; die ziet het dossier niet "
        "meer",
    )


class MeldcodeConcernedSerializer(serializers.Serializer):
    concerned_employee = serializers.PrimaryKeyRelatedField(
        queryset=access.concerned_candidates(),
        help_text="id van de medewerker over wie het vermoeden gaat; die ziet het dossier "
        "vanaf nu niet meer",
    )


class MeldcodeStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=MeldcodeStep.Step.choices)
    at = serializers.DateTimeField(help_text="moment van de stap, niet in de toekomst")
    decision = serializers.CharField(max_length=20000, help_text="besluit of uitkomst")


class MeasuresSerializer(serializers.Serializer):
    measures = MeasureInputSerializer(many=True, max_length=50, required=False, default=list)
    no_measures_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="waarom er geen (nieuwe) maatregelen zijn (Jeugdwet 4.2.1 lid 5)",
    )


class MeasureDoneSerializer(serializers.Serializer):
    measure = _id("id van een open maatregel van deze klantreactie")


class EscalationEndSerializer(serializers.Serializer):
    escalation = _id("id van een lopende escalatie of geschil van deze klantreactie")
    ended_on = serializers.DateField(help_text="afgerond op")
    result = serializers.ChoiceField(choices=Escalation.Result.choices)
    is_binding = serializers.BooleanField(default=False, help_text="bindende uitspraak (geschil)")
