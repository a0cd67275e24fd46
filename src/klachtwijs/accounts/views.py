"""The staff page (list, invite, change, reset the authenticator) and the invitation link.

Thin views: gate → form → one service → redirect. Who may: `access` (`staff_manage`,
`staff_manageable`, `roles_assignable`); the rules are in `accounts/services.py`.
"""

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from klachtwijs.accounts import selectors, services
from klachtwijs.accounts.forms import InvitationForm, OidcGroupForm, StaffEditForm, StaffForm
from klachtwijs.accounts.models import Invitation, OidcGroupMapping
from klachtwijs.core.form_errors import add_errors
from klachtwijs.core.sso import oidc_enabled
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view

BACKEND = "django.contrib.auth.backends.ModelBackend"


@staff_view("staff_manage")
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/staff_list.html",
        {"people": selectors.staff_overview(request.user)},
    )


@staff_view("staff_manage")
@require_http_methods(["GET", "POST"])
def staff_invite(request: HttpRequest) -> HttpResponse:
    roles = access.roles_assignable(request.user)
    form = StaffForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.staff_invite(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                gettext("De uitnodiging is verstuurd naar %(email)s.")
                % {"email": invitation.user.email},
            )
            return redirect("organisation:staff")
    return render(
        request,
        "accounts/staff_invite.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _person(request: HttpRequest, user_id: int):
    """Someone the signed-in user may change; anyone else is missing (404)."""
    person = access.staff_manageable(request.user).filter(pk=user_id).first()
    if person is None:
        raise Http404
    return person


@staff_view("staff_manage")
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    roles = access.roles_assignable(request.user)
    initial = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": person.role,
        "locations": list(person.locations.all()),
        "is_active": person.is_active,
    }
    form = StaffEditForm(request.POST or None, initial=initial, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(user_id=person.pk, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, gettext("De gegevens zijn opgeslagen."))
            return redirect("organisation:staff")
    return render(
        request,
        "accounts/staff_edit.html",
        {"form": form, "person": person, **selectors.account_state(person)},
        status=400 if form.errors else 200,
    )


@staff_view("staff_manage")
@require_POST
def staff_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """Lost device or expired invitation: a new one-time link (the old authenticator stops)."""
    person = _person(request, user_id)
    invitation = services.authenticator_reset(user_id=person.pk, by=request.user)
    if invitation.purpose == Invitation.Purpose.RESET:
        text = gettext(
            "De authenticator van %(name)s is verwijderd. %(name)s krijgt een mail met een "
            "link om opnieuw in te stellen."
        )
    else:
        text = gettext("Er is een nieuwe uitnodiging verstuurd naar %(name)s.")
    messages.success(request, text % {"name": person})
    return redirect("organisation:staff_edit", user_id=person.pk)


# --- the person's one-time link -------------------------------------------------------------


def qr_context(device) -> dict[str, str]:
    """The enrolment's QR code (inline SVG) and its secret, grouped for typing by hand."""
    secret = services.device_secret(device)
    return {
        "otpauth": device.config_url,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(
            scale=4, light="#fff", omitsize=True
        ),
        "secret_grouped": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password, scan the QR code, confirm one code: then signed in.

    A link that is unknown, used, replaced or expired gets one and the same Dutch page, which
    tells how to get a new link (no account is named)."""
    invitation = services.invitation_valid(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, device = services.invitation_accept(token=token, **form.cleaned_data)
        except ValueError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            login(request, user, backend=BACKEND)
            django_otp.login(request, device)
            messages.success(request, gettext("Welkom! Uw account is klaar."))
            return redirect("/staff/")
    device = services.enrolment_device(invitation)
    return render(
        request,
        "accounts/invitation.html",
        {
            "form": form,
            "person": invitation.user,
            "is_reset": invitation.purpose == Invitation.Purpose.RESET,
            "expires_at": timezone.localtime(invitation.expires_at),
            **qr_context(device),
        },
        status=400 if form.errors else 200,
    )


# --- single sign-on: which provider group gives which role -----------------------------------


@staff_view("staff_manage")
@require_http_methods(["GET", "POST"])
def sso_groups(request: HttpRequest) -> HttpResponse:
    """The group mapping: the list, and a form to add one."""
    form = OidcGroupForm(request.POST or None, roles=access.roles_assignable(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.oidc_mapping_save(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, gettext("De groep is gekoppeld."))
            return redirect("organisation:sso_groups")
    editable = set(services.oidc_mappings_manageable(request.user).values_list("pk", flat=True))
    mappings = list(OidcGroupMapping.objects.prefetch_related("locations"))
    for mapping in mappings:
        mapping.may_change = mapping.pk in editable
    return render(
        request,
        "accounts/sso_groups.html",
        {"form": form, "mappings": mappings, "enabled": oidc_enabled()},
        status=400 if form.errors else 200,
    )


@staff_view("staff_manage")
@require_http_methods(["GET", "POST"])
def sso_group_edit(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = services.oidc_mappings_manageable(request.user).filter(pk=mapping_id).first()
    if mapping is None:
        raise Http404
    if request.method == "POST" and "delete" in request.POST:
        services.oidc_mapping_delete(mapping_id=mapping.pk, by=request.user)
        messages.success(request, gettext("De koppeling is verwijderd."))
        return redirect("organisation:sso_groups")
    initial = {"group": mapping.group, "role": mapping.role, "locations": mapping.locations.all()}
    form = OidcGroupForm(
        request.POST or None, initial=initial, roles=access.roles_assignable(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.oidc_mapping_save(mapping_id=mapping.pk, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, gettext("De koppeling is opgeslagen."))
            return redirect("organisation:sso_groups")
    return render(
        request,
        "accounts/sso_group_edit.html",
        {"form": form, "mapping": mapping},
        status=400 if form.errors else 200,
    )
