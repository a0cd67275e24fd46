"""Cross-cutting request handling: the access log and the staff idle time-out.

Both work from the URL and the session alone, so every staff view, download, export and API
endpoint is covered without the view having to call anything (LEGAL.md P3; issue 7).
"""

import copy
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django_otp.middleware import OTPMiddleware

from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.cache import local_cached, version_replace
from klachtwijs.core.models import AccessLog

API_PREFIX = "/api/v1/"
# API resources that carry personal data: every request to them is logged.
API_PERSONAL_PREFIXES = ("/api/v1/klantreacties", "/api/v1/public/klantreacties")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

LAST_SEEN_KEY = "klachtwijs_last_seen"
# The last-seen time is written at most this often, so a busy session is not saved on
# every request (each save is a database write).
LAST_SEEN_GRANULARITY = 60
IDLE_LOGOUT_MESSAGE = (
    "U bent uitgelogd omdat u {minutes} minuten niets hebt gedaan. Log opnieuw in om verder "
    "te gaan."
)


def _int(value: object) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def access_kind(request: HttpRequest) -> tuple[str, int | None, int | None] | None:
    """(action, dossier id, document id) when this request must be logged, else None.

    Logged: any URL with a `feedback_id` (dossier pages and actions) or `document_id`
    (downloads) argument, any URL whose name contains "export", and /api/v1/ requests on
    personal data.
    """
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    kwargs = match.kwargs
    feedback_id, document_id = _int(kwargs.get("feedback_id")), _int(kwargs.get("document_id"))
    path = request.path_info
    if path.startswith(API_PREFIX):
        personal = path.startswith(API_PERSONAL_PREFIXES)
        if not (personal or feedback_id or document_id):
            return None
        if personal and feedback_id is None:
            feedback_id = _int(kwargs.get("pk"))
        return AccessLog.Action.API, feedback_id, document_id
    if document_id is not None:
        return AccessLog.Action.DOWNLOAD, feedback_id, document_id
    if "feedback_id" in kwargs:
        write = request.method not in SAFE_METHODS
        return (AccessLog.Action.CHANGE if write else AccessLog.Action.VIEW), feedback_id, None
    if "export" in (match.url_name or ""):
        return AccessLog.Action.EXPORT, None, None
    return None


@contextmanager
def _commit_without_waiting(method: str) -> Iterator[None]:
    """The access-log row of a read (a page view, a download, an export, an API GET) commits
    without waiting for the disk on PostgreSQL (`synchronous_commit` off for that one
    transaction): it is written all the same, but a crash of the database server itself may
    lose the rows of its last fraction of a second (docs/security.md, "The access log"). Rows of
    changes, and everything else, keep waiting for the disk."""
    if (
        method in SAFE_METHODS
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    ):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            yield
    else:
        yield


class AccessLogMiddleware:
    """After the response: one access-log row for each dossier, download, export or API
    request by a signed-in user (also refused ones: the status code is kept)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Read the user after the view: DRF signs API tokens in inside the view.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        kind = access_kind(request)
        if kind is not None:
            action, feedback_id, document_id = kind
            with _commit_without_waiting(request.method):
                access_log_record(
                    user=user,
                    action=action,
                    request=request,
                    status_code=response.status_code,
                    feedback_id=feedback_id,
                    document_id=document_id,
                    # A view may say more (identifiers only), e.g. that a manager read in full.
                    detail=getattr(request, "access_log_detail", ""),
                )
        return response


# --- the signed-in user and their second factor, from memory (issue 18) -----------------------

# The version of the users and authenticators kept in memory: replaced when any user or any
# authenticator (django-otp device) is saved or deleted (signals in core/apps.py).
USERS = "core:users"


def users_changed(**_kwargs) -> None:
    """Signal receiver (core/apps.py): a user or an authenticator changed."""
    version_replace(USERS)


def _user_from_memory(request: HttpRequest):
    """Django's `auth.get_user`, kept in this process's memory per (user, sign-in backend,
    session hash) until any user or authenticator changes; each request gets its own copy.

    The session is read as always (signing out ends it), the session hash is still the user's
    password hash (a password change signs out elsewhere), and a deactivated or changed user
    replaces the version, so every worker asks the database again. Only a signed-in user is
    kept: a refusal is decided anew each time."""
    session = request.session
    try:
        key = (session[SESSION_KEY], session[BACKEND_SESSION_KEY], session[HASH_SESSION_KEY])
    except KeyError:
        return auth.get_user(request)
    user = local_cached(
        USERS, ("user", *key), lambda: auth.get_user(request), keep=lambda u: u.is_authenticated
    )
    return copy.copy(user) if user.is_authenticated else user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's `AuthenticationMiddleware`, with the user from `_user_from_memory`: a staff
    page asks the database for the session only, not for the user again."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_from_memory(request))


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, with the verified device read from memory like the user
    (`USERS`); django-otp still checks that it is confirmed and the user's own."""

    def _device_from_persistent_id(self, persistent_id: str):
        device = local_cached(
            USERS,
            ("device", persistent_id),
            lambda: OTPMiddleware._device_from_persistent_id(self, persistent_id),
            keep=lambda d: d is not None,
        )
        return copy.copy(device) if device is not None else None


def idle_minutes() -> int:
    return int(getattr(settings, "KLACHTWIJS", {}).get("STAFF_IDLE_MINUTES", 30))


def last_seen_start(sender, request: HttpRequest, user, **kwargs) -> None:
    """On sign-in: the idle clock starts now (connected to `user_logged_in`)."""
    if hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


class StaffIdleTimeoutMiddleware:
    """Signs staff out after `KLACHTWIJS_STAFF_IDLE_MINUTES` without a request.

    The session remembers when it was last used; after the idle time the session is ended and
    the request goes on as anonymous, so the staff gate sends the user to the sign-in page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            minutes = idle_minutes()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - int(last_seen) > minutes * 60:
                logout(request)
                messages.info(
                    request, IDLE_LOGOUT_MESSAGE.format(minutes=minutes), fail_silently=True
                )
            elif last_seen is None or now - int(last_seen) >= LAST_SEEN_GRANULARITY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# --- response headers every response gets (issue 15) -------------------------------------------

# The browser features no page of ours uses: switched off for us and for anything embedded.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
)  # fmt: skip
# Pages behind these prefixes hold personal data or act for a signed-in user: the back office
# and the admin, the API, and the parent's private status pages and their documents.
# /health/: a state that must never come from a cache.
PRIVATE_PREFIXES = ("/staff/", "/admin/", "/api/", "/status/", "/health/")
# Elsewhere, a URL whose name says it hands out a file or an export.
PRIVATE_URL_WORDS = ("export", "download", "document")


def response_is_private(request: HttpRequest) -> bool:
    """The one rule for `Cache-Control: no-store`: staff pages, the API, the parent's private
    pages, exports and document downloads; public pages (the form, the regulation, static
    files) keep their own caching."""
    if request.path_info.startswith(PRIVATE_PREFIXES):
        return True
    match = getattr(request, "resolver_match", None)
    name = (match.url_name or "") if match else ""
    return any(word in name for word in PRIVATE_URL_WORDS)


class ResponseHeadersMiddleware:
    """`Permissions-Policy` on every response; `Cache-Control: no-store` (with Django's other
    never-cache headers) on every private one (`response_is_private`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response_is_private(request):
            add_never_cache_headers(response)
        return response
