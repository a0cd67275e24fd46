"""The single sign-on door: start at the provider, come back, and the second step.

The callback signs in through `auth.authenticate` (OidcBackend → `services.staff_sign_in_oidc`),
so the same account, role and scope rules apply as for every door; it writes an access-log row
for each sign-in and each refusal. TOTP is skipped only when the provider's ID token asserts
MFA; otherwise the person is not signed in until our own TOTP step (`second_factor`) accepts a
code: between the two nothing but that step is open to them (no half-signed-in session).
"""

import logging
import time

import django_otp
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from klachtwijs.accounts import oidc, services
from klachtwijs.accounts.forms import CodeForm
from klachtwijs.accounts.views import qr_context
from klachtwijs.core.access_log import access_log_record
from klachtwijs.core.client import client_address
from klachtwijs.core.models import AccessLog
from klachtwijs.core.sso import oidc_enabled
from klachtwijs.organisation.models import User
from klachtwijs.organisation.throttle import username_wait
from klachtwijs.organisation.views import SLOWED, WRONG, locked_out_page

logger = logging.getLogger(__name__)

PENDING_KEY = "klachtwijs_oidc_pending"
PENDING_SECONDS = 300  # the TOTP step must follow the provider's sign-in within 5 minutes
FAILED_STATUS = 400
REFUSED_STATUS = 403


class OidcStart(OIDCAuthenticationRequestView):
    """/staff/account/oidc/: off (404) unless configured; else to the provider."""

    get_settings = staticmethod(oidc.setting)

    def __init__(self, **kwargs) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException:
            logger.warning("OIDC discovery failed", exc_info=True)
            return _failed(request)
        self.OIDC_RP_CLIENT_ID = oidc.setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class OidcCallback(OIDCAuthenticationCallbackView):
    """/staff/account/oidc/terug/: the provider sends the person back here with a code."""

    get_settings = staticmethod(oidc.setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation):
            logger.warning("OIDC callback failed", exc_info=True)
            return _failed(request)

    def login_success(self) -> HttpResponse:
        request, user = self.request, self.user
        target = self.success_url
        if getattr(request, "oidc_mfa", False):
            login(request, user, backend=oidc.BACKEND)
            django_otp.login(request, services.oidc_mfa_device(user))
            _log(request, user=user, status=302, detail="oidc, mfa van de provider")
            return redirect(target)
        # Not signed in yet: our TOTP step follows (a new session key, like a sign-in).
        request.session.cycle_key()
        request.session[PENDING_KEY] = {"user": user.pk, "at": int(time.time()), "next": target}
        return redirect("oidc:code")

    def login_failure(self) -> HttpResponse:
        refused = getattr(self.request, "oidc_refused", None)
        if refused is None:
            return _failed(self.request)
        _log(
            self.request,
            user=None,
            username=refused.username,
            status=REFUSED_STATUS,
            detail=f"oidc: {refused.code}",
            action=AccessLog.Action.SIGN_IN_REFUSED,
        )
        return render(
            self.request,
            "accounts/oidc_refused.html",
            {"message": refused.message},
            status=REFUSED_STATUS,
        )


def _failed(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/oidc_failed.html", status=FAILED_STATUS)


def _log(request, *, user, status: int, detail: str, username: str = "", action=None) -> None:
    access_log_record(
        user=user,
        username=username,
        action=action or AccessLog.Action.SIGN_IN,
        request=request,
        status_code=status,
        detail=detail,
    )


def _pending(request: HttpRequest) -> tuple[User | None, str]:
    data = request.session.get(PENDING_KEY) or {}
    if not data or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None, ""
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    return user, data.get("next") or "/staff/"


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """After the provider, without MFA from it: the code from the authenticator app (or, the
    first time, enrolling one). Wrong codes count towards the lock-out like on the sign-in
    page."""
    user, target = _pending(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    credentials = {"username": user.username}
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING_KEY, None)
            return locked_out_page(request)
        wait = username_wait(username=user.username, address=client_address(request))
        device = None
        if not wait:
            device = services.authenticator_check(user=user, code=form.cleaned_data["code"])
        if wait:
            error = gettext(SLOWED) % {"seconds": wait}
        elif device is not None:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend=oidc.BACKEND)
            django_otp.login(request, device)
            _log(request, user=user, status=302, detail="oidc, totp")
            return redirect(target)
        else:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.session.pop(PENDING_KEY, None)
                return locked_out_page(request)
            error = gettext(WRONG)
    enrolling = services.authenticator_enrolment(user)
    context = {"form": form, "error": error, "person": user}
    if enrolling is not None:
        context.update(qr_context(enrolling))
    return render(
        request,
        "accounts/second_factor.html",
        context,
        status=400 if (error or form.errors) else 200,
    )
