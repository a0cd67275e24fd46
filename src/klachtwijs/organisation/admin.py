"""Django admin for the organisation: settings, GGD regions, services, locations, staff and
their authenticators (TOTP). Who may use which section: `access.ACTIONS["admin_*"]`."""

import base64

import segno
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.organisation.admin_site import SectionAdmin, SectionMixin
from klachtwijs.organisation.models import Location, Organisation, Region, Service, User

# Roles decide (organisation/access.py): Django's groups and permissions grant nothing here.
admin.site.unregister(Group)
# django-otp's own device admin shows the secret key; ours below never does.
admin.site.unregister(TOTPDevice)


@admin.register(Organisation)
class OrganisationAdmin(SectionAdmin):
    """There is always exactly one organisation: it can be changed, never added twice or
    deleted."""

    section = "admin_organisation"

    list_display = ["name", "city", "email", "complaints_officer_email"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "street", "postcode", "city", "phone", "email", "website"]}),
        (
            _("Klachtenregeling"),
            {
                "fields": [
                    "complaints_officer_email",
                    "confidential_adviser",
                    "committee_email",
                    "jeugdwet_term_weeks",
                    "geschillencommissie_member",
                    "letterhead_logo",
                ]
            },
        ),
        (
            _("Teksten voor het jaarverslag"),
            {"fields": ["intro_text", "procedure_text", "publicity_text", "committee_text"]},
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return not Organisation.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(SectionAdmin):
    section = "admin_organisation"
    list_display = ["name", "ggd_name", "ggd_email"]
    search_fields = ["name", "ggd_name"]


@admin.register(Service)
class ServiceAdmin(SectionAdmin):
    section = "admin_organisation"
    list_display = ["name", "framework"]
    list_filter = ["framework"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(SectionAdmin):
    section = "admin_organisation"
    list_display = ["name", "city", "region", "manager", "is_active"]
    list_filter = ["region", "services", "is_active"]
    list_select_related = ["region", "manager"]
    search_fields = ["name", "city", "postcode"]
    autocomplete_fields = ["manager"]
    filter_horizontal = ["services"]


@admin.register(User)
class StaffAdmin(SectionMixin, UserAdmin):
    """Django's user admin with the role, the locations and the meldcode designation.

    No superuser flag, groups or permissions: they grant nothing (the role does, in
    `access.py`). The service accounts of API tokens are not here: their role and scope are
    the token's (API-sleutels), and they never sign in.
    """

    section = "admin_staff"
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "locations", "meldcode_designated", "is_active"]
    filter_horizontal = ["locations"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        *UserAdmin.fieldsets[:2],
        (_("Rol en vestigingen"), {"fields": ["role", "locations", "meldcode_designated"]}),
        (_("Account"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Rol"), {"fields": ["first_name", "last_name", "email", "role"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(api_token__isnull=True)

    def get_readonly_fields(self, request, obj=None):
        """Nobody gives themselves another role or scope here."""
        if obj is not None and obj.pk == request.user.pk:
            return [*self.readonly_fields, "role", "locations", "meldcode_designated"]
        return self.readonly_fields


@admin.register(TOTPDevice)
class AuthenticatorAdmin(SectionAdmin):
    """A staff member's authenticator app (TOTP). The secret is shown once, as a QR code and as
    text, on the page right after it was made; never again, in no list or page."""

    section = "admin_staff"
    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "name"]

    def get_fields(self, request, obj=None):
        return ["user", "name", "confirmed"] if obj else ["user", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "last_used_at"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # staff only: API tokens' service accounts never sign in
            kwargs["queryset"] = User.objects.filter(api_token__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        """The only time the secret is shown."""
        secret = base64.b32encode(obj.bin_key).decode()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "device": obj,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": segno.make(obj.config_url, error="m").svg_inline(scale=4, light="#fff"),
            "title": _("Authenticator aangemaakt"),
        }
        return TemplateResponse(request, "admin/organisation/authenticator_created.html", context)
