"""Response headers (issue 15), for every URL pattern in the URL configuration: every response
has a Permissions-Policy; staff pages, the API, the parent's private pages, exports and
document downloads say `Cache-Control: no-store`; public pages do not (they keep their caching).

The URLs are generated from the URL conf with placeholder arguments, so a new view is checked
without being listed; the rule decides by the URL, so any answer (200, 302, 403, 404) counts."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PLACEHOLDER = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001"}
PRIVATE_PREFIXES = ("staff/", "admin/", "api/", "status/", "health/")


def _routes(patterns=None, prefix: str = ""):
    """(url, name) for every pattern; path converters get a placeholder, regex groups '1'."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            path = prefix + route
            path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: PLACEHOLDER.get(m[1] or "str", "1"), path)
            path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # the admin's regex patterns
            path = path.lstrip("^").rstrip("$").replace("\\", "")
            if "(" in path or "[" in path:
                continue  # a catch-all regex (the admin's fallback view)
            yield "/" + path, entry.name or ""


ROUTES = sorted(set(_routes()))
PRIVATE = [
    (url, name)
    for url, name in ROUTES
    if url.lstrip("/").startswith(PRIVATE_PREFIXES)
    or any(word in name for word in ("export", "download", "document"))
]
PUBLIC = [route for route in ROUTES if route not in PRIVATE]


def test_the_tables_hold_what_they_should():
    names = {name for _, name in PRIVATE}
    assert {"export_csv", "version_download", "status_document", "status"} <= names
    assert {"feedback_new", "regulation"} <= {name for _, name in PUBLIC}


def test_private_pages_are_not_stored(client):
    """One test over all patterns (one database set-up, not one per URL)."""
    wrong = []
    for url, _ in PRIVATE:
        response = client.get(url)
        if "no-store" not in response.get("Cache-Control", ""):
            wrong.append(f"{url}: no no-store ({response.status_code})")
        if "camera=()" not in response.get("Permissions-Policy", ""):
            wrong.append(f"{url}: no Permissions-Policy")
    assert wrong == []


def test_public_pages_keep_their_caching(client):
    wrong = []
    for url, _ in PUBLIC:
        response = client.get(url)
        if "no-store" in response.get("Cache-Control", ""):
            wrong.append(f"{url}: no-store")
        if "microphone=()" not in response.get("Permissions-Policy", ""):
            wrong.append(f"{url}: no Permissions-Policy")
    assert wrong == []


def test_signed_in_staff_pages_and_static_files(client, officer):
    from tests.helpers import login_staff

    login_staff(client, officer)
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "geolocation=()" in page["Permissions-Policy"]
    not_found = client.get("/bestaat-niet/")
    assert not_found.status_code == 404
    assert "usb=()" in not_found["Permissions-Policy"]
