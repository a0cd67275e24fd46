"""Annual-report figures: counts only, no personal data (also for the client panel)."""

from rest_framework import serializers


class FiguresQuerySerializer(serializers.Serializer):
    region = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        help_text="id GGD-regio; leeg: de hele organisatie",
    )


class FiguresSerializer(serializers.Serializer):
    """`reports.figures.YearFigures` of one year (and region)."""

    year = serializers.IntegerField()
    region = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField(help_text="klantreacties buiten de meldcoderoute")
    meldcode = serializers.IntegerField(help_text="dossiers in de meldcoderoute (alleen aantal)")
    complaints = serializers.IntegerField(
        help_text="wat de ouder een klacht noemde of als klacht is geregistreerd (R6)"
    )
    complaints_other_kind = serializers.IntegerField(
        help_text="waarvan door de ouder klacht genoemd en als ander soort geregistreerd"
    )
    by_kind = serializers.DictField(
        child=serializers.IntegerField(), help_text="per soort (complaint, suggestion, …)"
    )
    by_category = serializers.DictField(child=serializers.IntegerField(), help_text="per naam")
    by_location = serializers.DictField(child=serializers.IntegerField(), help_text="per naam")
    by_service = serializers.DictField(child=serializers.IntegerField(), help_text="per naam")
    by_outcome = serializers.DictField(
        child=serializers.IntegerField(), help_text="klachten per laatste oordeel"
    )
    by_escalation = serializers.DictField(
        child=serializers.IntegerField(), help_text="per externe instantie"
    )
    answered = serializers.IntegerField()
    answered_in_time = serializers.IntegerField()
    in_time_share = serializers.FloatField(allow_null=True, help_text="procent binnen termijn")
    median_days = serializers.FloatField(allow_null=True)
    longest_days = serializers.IntegerField(allow_null=True)
    measures = serializers.IntegerField()
    measures_on_time = serializers.IntegerField()
    # Issue 16, counted as on the dashboard (`feedback.figures.ParentAnswers`).
    parent_asked = serializers.IntegerField(
        source="parent_answers.asked", help_text="maatregelen aan de ouder voorgelegd"
    )
    parent_confirmed = serializers.IntegerField(
        source="parent_answers.confirmed", help_text="door de ouder bevestigd"
    )
    parent_denied = serializers.IntegerField(
        source="parent_answers.denied", help_text="volgens de ouder niet gebeurd"
    )
    parent_unanswered = serializers.IntegerField(
        source="parent_answers.unanswered", help_text="voorgelegd, (nog) geen antwoord"
    )
    parent_confirmed_share = serializers.FloatField(
        source="parent_answers.share",
        allow_null=True,
        help_text="procent van de voorgelegde maatregelen dat de ouder bevestigde",
    )
    reached_committee = serializers.IntegerField()
    disputes = serializers.IntegerField()
