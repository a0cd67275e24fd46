"""Django admin for the organisation: settings, GGD regions, services, locations, staff and
their authenticators (TOTP). Who may use which section: `access.ACTIONS["admin_*"]`."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
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
    # Plain select fields, no autocomplete or filter_horizontal widgets: Django's scripts for
    # those give a combobox without a name and a tooltip with a forbidden aria-label (axe).

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _meldcode_people(db_field, kwargs) or super().formfield_for_foreignkey(
            db_field, request, **kwargs
        )


@admin.register(User)
class StaffAdmin(SectionMixin, UserAdmin):
    """Django's user admin with the role, the locations and the meldcode designation.

    No superuser flag, groups or permissions: they grant nothing (the role does, in
    `access.py`). The service accounts of API tokens are not here: their role and scope are
    the token's (API-sleutels), and they never sign in. Nobody sets another person's password
    here, and nobody is added here: people are invited on the staff page
    (`organisation:staff_invite`) and set their own password and authenticator through their
    one-time link; a lost authenticator or password is reset there too.
    """

    section = "admin_staff"
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "locations", "meldcode_designated", "is_active"]
    readonly_fields = ["last_login", "date_joined", "sign_in"]
    fieldsets = [
        (None, {"fields": ["username", "sign_in"]}),
        UserAdmin.fieldsets[1],
        (_("Rol en vestigingen"), {"fields": ["role", "locations", "meldcode_designated"]}),
        (_("Account"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]

    @admin.display(description=_("wachtwoord en authenticator"))
    def sign_in(self, obj: User) -> str:
        return _reset_link(obj) if obj.pk else "-"

    def has_add_permission(self, request, *args) -> bool:
        return False  # no "add" here: see add_view

    def add_view(self, request, form_url="", extra_context=None):
        """People are invited on the staff page, never made here with a password."""
        if not self.in_section(request):
            raise PermissionDenied
        return redirect("organisation:staff_invite")

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password (issue 12's known limit): the staff page
        sends them a link to set their own."""
        raise PermissionDenied

    def get_queryset(self, request):
        return super().get_queryset(request).filter(api_token__isnull=True)

    def get_readonly_fields(self, request, obj=None):
        """Nobody gives themselves another role or scope here."""
        if obj is not None and obj.pk == request.user.pk:
            return [*self.readonly_fields, "role", "locations", "meldcode_designated"]
        return self.readonly_fields


@admin.register(TOTPDevice)
class AuthenticatorAdmin(SectionAdmin):
    """Who has an authenticator app, read-only. No key, no QR code, no form: a person enrols
    their own app through their one-time link, and a lost one is reset on the staff page
    (`organisation:staff_edit`), which deletes it, mails a new link and records who did it."""

    section = "admin_staff"
    list_display = ["user", "name", "confirmed", "last_used_at", "reset_link"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "name"]
    fields = ["user", "name", "confirmed", "last_used_at", "reset_link"]
    readonly_fields = fields

    @admin.display(description=_("opnieuw instellen"))
    def reset_link(self, obj: TOTPDevice) -> str:
        return _reset_link(obj.user)

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _reset_link(user: User) -> str:
    url = reverse("organisation:staff_edit", kwargs={"user_id": user.pk})
    return format_html('<a href="{}">{}</a>', url, _("Naar de pagina Medewerkers"))
