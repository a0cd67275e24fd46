"""Reference data (read-only) and the things beside a dossier."""

from rest_framework import serializers

from klachtwijs.feedback.models import Category, Escalation, Measure, Situation
from klachtwijs.organisation.models import Location, Region, Service


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "ggd_name"]


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["id", "name", "framework"]


class LocationSerializer(serializers.ModelSerializer):
    services = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Location
        fields = ["id", "name", "street", "postcode", "city", "region", "services", "is_active"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "is_meldcode", "is_active"]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        fields = ["id", "feedback", "judgment", "description", "owner", "due_date", "done_at"]
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer):
    is_dispute = serializers.BooleanField(read_only=True, help_text="een geschil (bindend)")

    class Meta:
        model = Escalation
        fields = [
            "id",
            "feedback",
            "body",
            "started_on",
            "ended_on",
            "result",
            "is_binding",
            "summary",
            "is_dispute",
        ]
        read_only_fields = ["id", "feedback", "is_dispute"]

    def validate(self, attrs: dict) -> dict:
        ended, started = attrs.get("ended_on"), attrs.get("started_on")
        if ended and started and ended < started:
            raise serializers.ValidationError({"ended_on": "De einddatum ligt vóór de begindatum."})
        return attrs


class SituationSerializer(serializers.ModelSerializer):
    feedback = serializers.SerializerMethodField(
        help_text="ids van de gekoppelde klantreacties die u mag zien"
    )

    class Meta:
        model = Situation
        fields = ["id", "title", "note", "created_at", "feedback"]

    def get_feedback(self, situation: Situation) -> list[int]:
        return [f.pk for f in situation.visible_feedback]
