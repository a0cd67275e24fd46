"""The 503 page while the database is away (core/db_unavailable.py); fast, on every database."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from klachtwijs.core.db_unavailable import DatabaseUnavailableMiddleware, _mark_request

FRIENDLY = "De website is even niet beschikbaar"


def _middleware(response_status=200):
    return DatabaseUnavailableMiddleware(lambda request: HttpResponse(status=response_status))


def test_a_database_error_in_a_view_gives_the_friendly_503():
    request = RequestFactory().post("/klantreactie/")
    for error in (OperationalError("connection refused"), InterfaceError("closed")):
        response = _middleware().process_exception(request, error)
        assert response.status_code == 503
        assert FRIENDLY in response.content.decode()
        assert response["Retry-After"] == "30"


def test_other_errors_are_left_to_django():
    request = RequestFactory().get("/")
    assert _middleware().process_exception(request, ValueError("bug")) is None


def test_a_500_caused_by_the_database_in_another_middleware_becomes_503():
    request = RequestFactory().get("/staff/")
    try:
        raise OperationalError("server closed the connection")
    except OperationalError:
        _mark_request(None, request=request)  # what Django's exception handler signals
    middleware = DatabaseUnavailableMiddleware(lambda r: HttpResponse(status=500))
    assert middleware(request).status_code == 503


def test_an_ordinary_500_stays_a_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("bug")
    except ValueError:
        _mark_request(None, request=request)
    assert _middleware(500)(request).status_code == 500
