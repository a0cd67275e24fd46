"""Django admin for the organisation: settings, GGD regions, services, locations, staff and
their authenticators (TOTP). Who may use which section: `access.ACTIONS["admin_*"]`."""

import base64

import segno
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from klachtwijs.organisation import access
from klachtwijs.organisation.admin_site import SectionAdmin, SectionMixin
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Organisation, Region, Service, User

# Roles decide (organisation/access.py): Django's groups and permissions grant nothing here.
admin.site.unregister(Group)
# django-otp's own device admin shows the secret key; ours below never does.
admin.site.unregister(TOTPDevice)


NOT_AFFILIATED_WARNING = _(
    "U bent niet aangesloten bij de Geschillencommissie Kinderopvang, maar u geeft kinderopvang. "
    "De Wet kinderopvang (art. 1.57c) verplicht die aansluiting. Ouders lezen nu dat zij niet "
    "bij de Geschillencommissie terechtkunnen."
)


def organisation_warnings(organisation: Organisation) -> list[str]:
    """What the settings page warns about: a Wko service without the affiliation (1.57c)."""
    childcare = Service.objects.filter(framework=LegalFramework.WKO).exists()
    if childcare and not organisation.geschillencommissie_member:
        return [NOT_AFFILIATED_WARNING]
    return []


def _meldcode_people(db_field, kwargs):
    """The meldcode route's people offer whom the core allows (LEGAL.md M1, M2): a decider who
    may see meldcode dossiers (`access.decider_candidates`), a head with an active account."""
    if db_field.name == "meldcode_decider":
        kwargs["queryset"] = access.decider_candidates()
    elif db_field.name == "head":
        kwargs["queryset"] = access.concerned_candidates()
    else:
        return None
    return db_field.formfield(**kwargs)


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
        (_("Meldcode"), {"fields": ["meldcode_decider", "head"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _meldcode_people(db_field, kwargs) or super().formfield_for_foreignkey(
            db_field, request, **kwargs
        )

    def has_add_permission(self, request) -> bool:
        return not Organisation.objects.exists() and super().has_add_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        organisation = self.get_object(request, object_id)
        if organisation is not None and request.method == "GET":
            for warning in organisation_warnings(organisation):
                self.message_user(request, warning, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

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
    """Locations, with the link to each one's latest GGD inspection report (Wko 1.54, R7)."""

    section = "admin_organisation"
    list_display = ["name", "city", "region", "manager", "is_active", "ggd_report_published_on"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["region", "services", "is_active"]
    list_select_related = ["region", "manager"]
    search_fields = ["name", "city", "postcode"]
    autocomplete_fields = ["manager"]
    filter_horizontal = ["services"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _meldcode_people(db_field, kwargs) or super().formfield_for_foreignkey(
            db_field, request, **kwargs
        )


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
