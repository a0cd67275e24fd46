"""`/health/live` and `/health/ready`: JSON for the container health checks and monitoring.

No sign-in and no personal data (the checks report states and ages only); never cached.
"""

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from klachtwijs.core.health import as_json, readiness

logger = logging.getLogger(__name__)


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
    if body["ready"]:
        return JsonResponse(body)
    failing = [name for name, check in body["checks"].items() if not check["ok"]]
    logger.warning("Not ready: %s", ", ".join(failing))
    response = JsonResponse(body, status=503)
    # An expected answer, asked every half minute by monitoring: our warning above, not
    # Django's "Service Unavailable" error for every probe.
    response._has_been_logged = True
    return response
