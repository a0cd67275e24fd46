"""Signing staff in and out: password plus TOTP code (django-otp), lock-out by django-axes."""

import django_otp
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from klachtwijs.core.client import client_address
from klachtwijs.core.sso import oidc_enabled
from klachtwijs.organisation.forms import LoginForm
from klachtwijs.organisation.throttle import username_wait

WRONG = gettext_noop(
    "De gebruikersnaam, het wachtwoord of de code klopt niet. Probeer het opnieuw."
)
LOCKED_STATUS = 429
SLOWED = gettext_noop(
    "Voor deze gebruikersnaam is de laatste tijd vaak verkeerd ingelogd. Daarom kan het even "
    "niet. Wacht %(seconds)s seconden en probeer het dan opnieuw."
)
SLOWED_STATUS = 429


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/staff/"


def locked_out_page(request: HttpRequest) -> HttpResponse:
    """Our own Dutch lock-out page. Axes flagged the request; we answer it ourselves, so the
    flag is cleared to keep the axes middleware from replacing this page with its English one."""
    request.axes_locked_out = False
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_hours": settings.AXES_COOLOFF_TIME},
        status=LOCKED_STATUS,
    )


def login_view(request: HttpRequest) -> HttpResponse:
    """Password and TOTP code on one page; a wrong code counts as a failed attempt."""
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        wait = username_wait(username=username, address=client_address(request))
        if wait:
            return _login_page(request, form, gettext(SLOWED) % {"seconds": wait}, SLOWED_STATUS)
        user = authenticate(
            request=request, username=username, password=form.cleaned_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return locked_out_page(request)
        device = user and django_otp.match_token(user, form.cleaned_data["otp_token"].strip())
        if user is not None and device is not None:
            login(request, user)
            django_otp.login(request, device)
            return redirect(_next_url(request))
        if user is not None:
            # Right password, wrong code: tell axes, so guessing codes also locks the account.
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=request
            )
            if getattr(request, "axes_locked_out", False):
                return locked_out_page(request)
        error = gettext(WRONG)
    return _login_page(request, form, error, 200)


def _login_page(request: HttpRequest, form: LoginForm, error: str, status: int) -> HttpResponse:
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "error": error,
            "next": _next_url(request),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "oidc": oidc_enabled(),
        },
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")
