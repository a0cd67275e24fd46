"""The public form inside another site's page (issue 16): the organisation's website or parent
app shows `/klantreactie/embed/` in an iframe.

Only the origins the organisation allows (`organisation.embedding.frame_ancestors`, set on the
organisation settings page) may frame it; every other page keeps `frame-ancestors 'none'` and
`X-Frame-Options: DENY`. The page reports its height to the host page (static embed.js, the
snippet in docs/embed.md).

A cross-site frame gets no SameSite=Lax cookie, so Django's CSRF cookie cannot work here. The
form holds no privilege to abuse (anyone may send a klantreactie), and the POST is still checked:
it must come from a page of our own origin (the `Origin` header, which browsers always send on
POST), the rate limit and submission key apply as on the form itself.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from klachtwijs.intake import views
from klachtwijs.organisation.embedding import frame_ancestors, origin_normalise


def _framable(view):
    """The response may be framed by the allowed origins only (CSP frame-ancestors; the
    legacy X-Frame-Options header is left off, as it cannot name origins)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response._csp_replace = {"frame-ancestors": frame_ancestors()}
        return response

    return xframe_options_exempt(wrapped)


def _own_origins(request: HttpRequest) -> set[str]:
    own = {f"{request.scheme}://{request.get_host()}"}
    if settings.SITE_URL:
        own.add(origin_normalise(settings.SITE_URL))
    return own


@csrf_exempt
@_framable
@require_http_methods(["GET", "POST"])
def feedback_embed(request: HttpRequest) -> HttpResponse:
    """The same form as `/klantreactie/`, in the minimal layout; `?locatie=` preselects."""
    if request.method == "POST" and request.headers.get("Origin") not in _own_origins(request):
        return HttpResponseForbidden()
    return views.feedback_form(request, embed=True)


@_framable
@require_GET
def feedback_embed_sent(request: HttpRequest, signed: str) -> HttpResponse:
    """The confirmation, inside the frame."""
    return views.feedback_sent(request, signed, embed=True)
