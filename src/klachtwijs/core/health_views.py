"""`/health/live` and `/health/ready`: JSON for the container health checks and monitoring.

No sign-in and no personal data (the checks report states and ages only); never cached.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from klachtwijs.core.health import as_json, readiness


@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """The process answers requests; asks nothing of the database."""
    return JsonResponse({"live": True})


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Every readiness check (`core/health.py`): 200 when all are ok, else 503."""
    body = as_json(readiness())
    return JsonResponse(body, status=200 if body["ready"] else 503)
