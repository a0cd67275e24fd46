"""The access log in the admin: read-only (append-only log, LEGAL.md P3)."""

from django.contrib import admin

from klachtwijs.core.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "feedback_id", "document_id", "view_name"]
    list_filter = ["action"]
    search_fields = ["username", "=feedback_id", "path"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
