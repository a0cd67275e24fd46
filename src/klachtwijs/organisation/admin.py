"""Django admin for the organisation: settings, GGD regions, services, locations and staff."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.models import Location, Organisation, Region, Service, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """There is always exactly one organisation: it can be changed, never added twice or
    deleted."""

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
    ]

    def has_add_permission(self, request) -> bool:
        return not Organisation.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "ggd_name", "ggd_email"]
    search_fields = ["name", "ggd_name"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "framework"]
    list_filter = ["framework"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region", "manager", "is_active"]
    list_filter = ["region", "services", "is_active"]
    list_select_related = ["region", "manager"]
    search_fields = ["name", "city", "postcode"]
    autocomplete_fields = ["manager"]
    filter_horizontal = ["services"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    """Django's user admin with the role, the locations and the meldcode designation."""

    list_display = ["username", "first_name", "last_name", "email", "role", "is_active", "is_staff"]
    list_filter = ["role", "locations", "meldcode_designated", "is_active", "is_staff"]
    filter_horizontal = ["locations", "groups", "user_permissions"]
    fieldsets = [
        *UserAdmin.fieldsets[:2],
        (_("Rol en vestigingen"), {"fields": ["role", "locations", "meldcode_designated"]}),
        *UserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Rol"), {"fields": ["first_name", "last_name", "email", "role"]}),
    ]
