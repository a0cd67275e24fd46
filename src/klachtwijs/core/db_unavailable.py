"""A friendly 503 page while the database cannot be reached (issue 8, fault tests).

When PostgreSQL restarts or a connection breaks, Django raises `OperationalError` or
`InterfaceError`. Without this middleware the visitor gets a bare 500; with it they get a page
that says the site is briefly unavailable and that nothing they sent was stored, so they can
send it again. Nothing is stored in that case: the transaction never committed.

Put it first in MIDDLEWARE: it also turns a database error raised in a later middleware (for
example the session or the access log) into the 503 page. The page is rendered without the
request's context processors, because those may need the database too.
"""

import logging
import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_klachtwijs_database_unavailable"


def unavailable_response() -> HttpResponse:
    """The 503 page; it needs no database."""
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender, request=None, **kwargs) -> None:
    """Django's handler turned an exception into a 500: remember if the database caused it."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_request, dispatch_uid="klachtwijs-database-unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return unavailable_response()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable: %s", type(exception).__name__)
            return unavailable_response()
        return None
