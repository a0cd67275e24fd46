"""API tokens in the Django admin: made and revoked by the roles `access` allows (the quality
lead, who owns the data a token reads; not the administrator), key shown once."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from klachtwijs.api import services
from klachtwijs.api.models import ApiToken
from klachtwijs.organisation.admin_site import SectionAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(SectionAdmin):
    section = "admin_api_tokens"
    list_display = ["name", "prefix", "role", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role", "revoked_at"]
    search_fields = ["name", "prefix"]
    fields = ["name", "role", "locations", "meldcode_designated"]
    readonly_fields = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return self.fields + (self.readonly_fields if obj else [])

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the service account stays as the actor in timelines

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        args = {
            "name": data["name"],
            "role": data["role"],
            "locations": data["locations"],
            "meldcode_designated": data["meldcode_designated"],
        }
        if change:
            services.api_token_update(token_id=obj.pk, **args)
            return
        token, key = services.api_token_create(**args)
        # Let the admin go on with the saved token (log entry, redirect) instead of `obj`.
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state.adding, obj._state.db = False, token._state.db
        obj.plain_key = key

    def save_related(self, request, form, formsets, change) -> None:
        """The service already set the locations (and the service account's)."""

    def response_add(self, request, obj, post_url_continue=None):
        """The only time the key is shown: on the page right after it was made."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "key": obj.plain_key,
            "title": _("API-sleutel aangemaakt"),
        }
        return TemplateResponse(request, "admin/api/apitoken/key_created.html", context)

    @admin.action(description=_("Geselecteerde sleutels intrekken"), permissions=["change"])
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            services.api_token_revoke(token_id=token.pk)
        messages.success(request, _("De sleutels zijn ingetrokken."))
