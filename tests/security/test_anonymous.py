"""The anonymous visitor gets no page outside the public ones (issue 7, "Done when")."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

# The public side: the form, the private status link, the sign-in pages, the API's
# description (the API itself asks for a key), the health checks (states and ages only,
# tests/health) and the organisation's house style (its colour and logo, tests/test_branding.py).
PUBLIC_PREFIXES = (
    "/klantreactie/",
    "/klachtenregeling/",
    "/status/",
    "/staff/account/",
    "/admin/login/",
    "/health/",
    "/huisstijl/",
)
PUBLIC_PATHS = {"/", "/api/schema/", "/api/docs/", "/admin/logout/"}  # logout shows nothing
CONVERTERS = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "0" * 32}
SIGN_IN = ("/staff/account/inloggen/", "/admin/login/")


def _paths(patterns, prefix: str = ""):
    """A concrete example path for every route-style URL pattern of the project."""
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # regex patterns: the admin's internals and the API's catch-all 404
        route = re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS[m.group(1) or "str"], str(entry.pattern)
        )
        if isinstance(entry, URLResolver):
            yield from _paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def test_every_non_public_page_sends_an_anonymous_visitor_away(client):
    paths = sorted({p for p in _paths(get_resolver().url_patterns) if not _is_public(p)})
    assert "/staff/dossiers/1/" in paths  # the walk found the back office
    served = {}
    for path in paths:
        response = client.get(path)
        location = response.get("Location", "")
        sent_to_sign_in = response.status_code == 302 and location.startswith(SIGN_IN)
        if not (sent_to_sign_in or response.status_code in (401, 403, 404, 405)):
            served[path] = (response.status_code, location)
    assert served == {}


@pytest.mark.parametrize(
    ("path", "sign_in"),
    [
        ("/staff/", "/staff/account/inloggen/"),
        ("/staff/toegangslog/", "/staff/account/inloggen/"),
        ("/staff/dossiers/1/", "/staff/account/inloggen/"),
        ("/admin/", "/admin/login/"),
        ("/admin/core/accesslog/", "/admin/login/"),
    ],
)
def test_staff_pages_and_the_admin_ask_to_sign_in(client, path, sign_in):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(sign_in)


def test_the_api_refuses_an_anonymous_caller(client):
    assert client.get("/api/v1/klantreacties/").status_code in (401, 403)
