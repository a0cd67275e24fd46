"""Every error of the API as JSON: a code, a Dutch sentence and, for 400, the fields.

`api_exception_handler` turns the domain's Django `ValidationError`s into 400 (field by field)
or 409 (a move the dossier's state does not allow), and 404/403 from `access` into JSON.
"""

import json

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler

CONFLICT_CODES = frozenset({"illegal_transition", "unknown_action"})
CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "illegal_transition",
    415: "unsupported_media_type",
    422: "idempotency_key_reused",
    429: "throttled",
}
ERROR_CODES = sorted(set(CODES.values()))
INVALID = "Niet alles is goed ingevuld. Kijk bij de velden wat er mist of niet klopt."
NOT_FOUND = "Niet gevonden, of u mag dit niet zien."
FORBIDDEN = "U mag dit niet doen met uw rol."
NON_FIELD = "non_field_errors"


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    code = serializers.ChoiceField(choices=ERROR_CODES, help_text="Soort fout, voor programma's.")
    detail = serializers.CharField(help_text="Uitleg in het Nederlands, voor mensen.")


class ValidationErrorSerializer(ErrorSerializer):
    """A 400: what is wrong, per field (`non_field_errors` for the request as a whole)."""

    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per veld de fouten. Geneste velden als `children.0.first_name`.",
    )


class Conflict(exceptions.APIException):
    """A 409: the dossier's state (or its legal framework) does not allow this action now."""

    status_code = 409
    default_code = "illegal_transition"


class IdempotencyKeyReused(exceptions.APIException):
    """A 422: this `Idempotency-Key` was already used with another body."""

    status_code = 422
    default_code = "idempotency_key_reused"
    default_detail = (
        "Deze Idempotency-Key is al gebruikt voor een andere klantreactie. "
        "Gebruik voor elke nieuwe klantreactie een nieuwe sleutel."
    )


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"a.0.b": ["message", ...]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key == "__all__" else str(key)
            out.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return out
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return out
    items = detail if isinstance(detail, list) else [detail]
    messages = [str(item) for item in items if str(item)]
    return {prefix or NON_FIELD: messages} if messages else {}


def _from_django(exc: DjangoValidationError) -> exceptions.APIException:
    codes = {getattr(e, "code", None) for e in getattr(exc, "error_list", [exc])}
    if not hasattr(exc, "error_dict") and codes & CONFLICT_CODES:
        conflict = exceptions.APIException(" ".join(exc.messages))
        conflict.status_code = 409
        return conflict
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({NON_FIELD: exc.messages})


def api_exception_handler(exc, context):
    """DRF's handler, with Django's exceptions mapped and every body in one shape."""
    if isinstance(exc, DjangoValidationError):
        exc = _from_django(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(FORBIDDEN)
    response = exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    code = CODES.get(status, "invalid")
    if status == 400:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
        fields = _flatten(detail) or {NON_FIELD: [INVALID]}
        body = {"code": code, "detail": INVALID, "fields": fields}
    else:
        detail = getattr(exc, "detail", "") or response.data.get("detail", "")
        body = {"code": code, "detail": str(detail)}
    return Response(body, status=status, headers=_headers(response))


def _headers(response: Response) -> dict[str, str]:
    return {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}


class StrictJSONParser(JSONParser):
    """JSON that the database can store: refuse lone surrogates (`"\\ud800"`) with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode()
        except (UnicodeEncodeError, ValueError) as exc:
            raise exceptions.ParseError("De tekst bevat ongeldige tekens.") from exc
        return data


def error(status: int, description: str) -> OpenApiResponse:
    serializer = ValidationErrorSerializer if status == 400 else ErrorSerializer
    return OpenApiResponse(serializer, description=description)


AUTH_ERRORS = {
    401: error(401, "Niet aangemeld, of de API-sleutel is onbekend of ingetrokken."),
    403: error(403, "Uw rol mag dit niet, of uw tweede stap is niet gedaan."),
}
READ_ERRORS = {**AUTH_ERRORS, 404: error(404, NOT_FOUND)}
LIST_ERRORS = {
    **AUTH_ERRORS,
    400: error(400, "Een filter is niet goed."),
    404: error(404, "Deze pagina bestaat niet."),
}
WRITE_ERRORS = {**READ_ERRORS, 400: error(400, "Niet alles is goed ingevuld.")}
ACTION_ERRORS = {
    **WRITE_ERRORS,
    409: error(
        409,
        "Deze stap kan nu niet bij deze klantreactie (door de status, de soort of het "
        "wettelijk kader). De uitleg is dezelfde als in de back office; `allowed_actions` "
        "van de klantreactie zegt wat wel kan.",
    ),
}
