"""The organisation's style sheet and logo for the pages (organisation/branding.py).

Public (the parent's pages show them too) and cached for a year: the URL carries the version,
which changes with the colour and the logo, so a changed setting is a new URL.
"""

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from klachtwijs.organisation.branding import brand_css
from klachtwijs.organisation.selectors import organisation_get

YEAR = 60 * 60 * 24 * 365
LOGO_TYPES = {"image/png", "image/jpeg"}


def _cached(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


@require_safe
def stylesheet(request: HttpRequest, version: str) -> HttpResponse:
    """`--klachtwijs-brand`, the organisation's colour, for theme.css."""
    css = brand_css(organisation_get())
    return _cached(HttpResponse(css, content_type="text/css; charset=utf-8"))


@require_safe
def logo(request: HttpRequest, version: str) -> HttpResponse:
    """The letterhead logo (settings page), shown in every page header."""
    image = organisation_get().letterhead_logo
    content_type, _encoding = mimetypes.guess_type(image.name or "")
    if not image or content_type not in LOGO_TYPES or not image.storage.exists(image.name):
        raise Http404
    response = FileResponse(image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return _cached(response)
