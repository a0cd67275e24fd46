"""/api/v1/klantreacties/: the list, one dossier, a new one, and what hangs off a dossier."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from klachtwijs.api import gate, intake, selectors
from klachtwijs.api.errors import ACTION_ERRORS, LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, error
from klachtwijs.api.serializers.feedback import (
    EventSerializer,
    FeedbackDetailSerializer,
    FeedbackFilterSerializer,
    FeedbackSerializer,
)
from klachtwijs.api.serializers.intake import OnBehalfSerializer, ReceiptSerializer
from klachtwijs.api.serializers.reference import EscalationSerializer, MeasureSerializer
from klachtwijs.api.views.actions import ActionsMixin
from klachtwijs.api.views.base import ApiMixin
from klachtwijs.feedback.services import escalation_record
from klachtwijs.organisation import access

IDEMPOTENCY = OpenApiParameter(
    intake.HEADER,
    str,
    OpenApiParameter.HEADER,
    description=(
        "Zelfde sleutel bij opnieuw versturen: er komt maar één dossier, en u krijgt hetzelfde "
        "ontvangstbewijs terug (200). De sleutel geldt alleen voor u (uw API-sleutel of "
        "account; zonder aanmelding: uw adres). Dezelfde sleutel met een andere inhoud wordt "
        "geweigerd (422): gebruik voor elke klantreactie een nieuwe sleutel."
    ),
)
KEY_REUSED = {422: error(422, "Deze Idempotency-Key is al gebruikt met een andere inhoud.")}


@extend_schema(tags=["klantreacties"])
class FeedbackViewSet(ApiMixin, ActionsMixin, viewsets.GenericViewSet):
    serializer_class = FeedbackSerializer

    def get_queryset(self):  # used by the schema only; reads go through `selectors`
        return selectors.feedback_list(user=self.request.user, filters={})

    def detail_response(self, feedback_id: int, code: int = status.HTTP_200_OK) -> Response:
        feedback = selectors.feedback_detail_queryset(user=self.request.user).get(pk=feedback_id)
        serializer = FeedbackDetailSerializer(feedback, context={"request": self.request})
        return Response(serializer.data, status=code)

    @extend_schema(
        parameters=[FeedbackFilterSerializer],
        responses={200: FeedbackSerializer(many=True), **LIST_ERRORS},
        summary="Klantreacties die u mag zien",
    )
    def list(self, request):
        access.require(request.user, "dossier_list")
        filters = FeedbackFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.feedback_list(user=request.user, filters=filters.validated_data)
        page = self.paginate_queryset(rows)
        serializer = FeedbackSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        responses={200: FeedbackDetailSerializer, **READ_ERRORS}, summary="Eén klantreactie"
    )
    def retrieve(self, request, pk=None):
        access.feedback_get(request.user, pk)
        return self.detail_response(pk)

    @extend_schema(
        parameters=[IDEMPOTENCY],
        request=OnBehalfSerializer,
        responses={
            201: ReceiptSerializer,
            200: OpenApiResponse(ReceiptSerializer, description="al ontvangen (zelfde sleutel)"),
            **WRITE_ERRORS,
            **KEY_REUSED,
        },
        summary="Klantreactie invoeren namens een ouder",
    )
    def create(self, request):
        """Zoals het formulier in de back office: hoe en wanneer de klantreactie binnenkwam
        (`channel`, `received_on`); de termijn begint op de dag van ontvangst."""
        access.require(request.user, "submit_on_behalf")
        key = intake.submission_key(request, caller=request.user)
        serializer = OnBehalfSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        feedback, new = intake.receive(
            data=serializer.validated_data, key=key, created_by=request.user
        )
        code = status.HTTP_201_CREATED if new else status.HTTP_200_OK
        return Response(ReceiptSerializer(intake.receipt(feedback)).data, status=code)

    @extend_schema(responses={200: EventSerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request, pk=None):
        """De tijdlijn van het dossier, oudste eerst."""
        feedback = access.feedback_get(request.user, pk)
        events = selectors.events_of(feedback=feedback)
        return Response(EventSerializer(events, many=True).data)

    @extend_schema(responses={200: MeasureSerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"], pagination_class=None)
    def measures(self, request, pk=None):
        """De afgesproken maatregelen, met eigenaar en datum."""
        feedback = access.feedback_get(request.user, pk)
        return Response(MeasureSerializer(feedback.measures.all(), many=True).data)

    @extend_schema(methods=["GET"], responses={200: EscalationSerializer(many=True), **READ_ERRORS})
    @extend_schema(
        methods=["POST"],
        request=EscalationSerializer,
        responses={201: EscalationSerializer, **ACTION_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def escalations(self, request, pk=None):
        """Escalaties en geschillen; een nieuwe vastleggen mag ook na afsluiten, niet in de
        meldcoderoute (409, zoals in de back office: actie `escalation`)."""
        if request.method == "GET":
            feedback = access.feedback_get(request.user, pk)
            return Response(EscalationSerializer(feedback.escalations.all(), many=True).data)
        feedback = access.feedback_get(request.user, pk, "escalation")
        gate.action_require(user=request.user, feedback=feedback, action="escalation")
        serializer = EscalationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        escalation = escalation_record(
            feedback_id=feedback.pk, by=request.user, **serializer.validated_data
        )
        return Response(EscalationSerializer(escalation).data, status=status.HTTP_201_CREATED)
