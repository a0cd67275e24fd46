"""Our own Dutch error pages (issue 14): 400, 403, 404, 500 and a refused form (CSRF).

Django's stock English pages never appear, also with DEBUG off. Each page offers a way back:
staff go back to their overview; parents (everything outside /staff/ and /admin/) to the
start page, and to "Link kwijt?" for a new private link. The 500 page is rendered without a
request context: no database, no context processors, so it shows even when those are broken.
"""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

STAFF_PREFIXES = ("/staff/", "/admin/")


def for_staff(request: HttpRequest) -> bool:
    return request.path.startswith(STAFF_PREFIXES)


def _page(request: HttpRequest, template: str, response_class, **extra) -> HttpResponse:
    context = {"for_staff": for_staff(request), "request_path": request.path, **extra}
    try:
        body = loader.render_to_string(template, context, request)
    except Exception:  # the page's own context (the organisation) failed: the bare page
        body = loader.get_template("500.html").render(context)
    return response_class(body)


@requires_csrf_token
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "400.html", HttpResponseBadRequest)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "403.html", HttpResponseForbidden)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(
        request,
        "404.html",
        HttpResponseNotFound,
        private_link=request.path.startswith("/status/"),
    )


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """No request context: the page must show when the database or a context processor is
    what broke."""
    context = {"for_staff": for_staff(request)}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without (or with an outdated) security token: usually a page left open too
    long, or cookies switched off. `reason` is for developers and is not shown."""
    return _page(request, "403_csrf.html", HttpResponseForbidden)
