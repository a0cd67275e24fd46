"""POST /api/v1/public/klantreacties/: the public form, for another website.

Same checks as the form, plus abuse protection: a honeypot field, a limit per IP address
(Django's cache) and an `Idempotency-Key` so a resend makes no second dossier (scoped to the
caller's address, compared with what was sent: `api/intake.py`).
"""

from django.conf import settings
from django.core.cache import cache
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from klachtwijs.api import intake
from klachtwijs.api.errors import error
from klachtwijs.api.serializers.intake import PublicIntakeSerializer, ReceiptSerializer
from klachtwijs.api.views.base import ApiMixin
from klachtwijs.api.views.feedback import IDEMPOTENCY, KEY_REUSED
from klachtwijs.intake.selectors import intake_closed_because

WINDOW = 60 * 60  # seconds
TOO_MANY = "U heeft te vaak iets verstuurd. Probeer het over een uur opnieuw."
PREPARING = (
    "Het formulier wordt nog voorbereid: de organisatie is nog niet klaar met de inrichting. "
    "Er is niets opgeslagen."
)


class ServiceUnavailable(APIException):
    status_code = 503
    default_code = "preparing"


def _per_hour() -> int:
    return int(getattr(settings, "KLACHTWIJS", {}).get("API_PUBLIC_PER_HOUR", 20))


def _count_request(request) -> int:
    """Count this request for its IP address within the window; return the count."""
    key = f"api:public:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, WINDOW)
        return 1


class PublicFeedbackView(ApiMixin, APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["openbaar"],
        parameters=[IDEMPOTENCY],
        request=PublicIntakeSerializer,
        responses={
            201: ReceiptSerializer,
            200: OpenApiResponse(ReceiptSerializer, description="al ontvangen (zelfde sleutel)"),
            400: error(400, "Niet alles is goed ingevuld."),
            429: error(429, "Te veel aanvragen vanaf dit adres."),
            503: error(503, "Het formulier wordt nog voorbereid."),
            **KEY_REUSED,
        },
        summary="Klantreactie insturen vanaf een andere website",
    )
    def post(self, request):
        """Slaat de klantreactie op en zet de ontvangstbevestiging met privélink klaar."""
        if _count_request(request) > _per_hour():
            raise Throttled(wait=WINDOW, detail=TOO_MANY)
        if intake_closed_because():  # the same answer as the web form (issue 14)
            raise ServiceUnavailable(PREPARING)
        key = intake.submission_key(request, caller=None)
        serializer = PublicIntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback, new = intake.receive(data=serializer.validated_data, key=key, created_by=None)
        code = status.HTTP_201_CREATED if new else status.HTTP_200_OK
        return Response(ReceiptSerializer(intake.receipt(feedback)).data, status=code)
