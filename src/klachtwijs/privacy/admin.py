"""The access log in the admin: read-only (append-only log, LEGAL.md P3), for the roles
`access` allows; and the lock-outs after failed sign-ins (django-axes) for the administrator."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin

from klachtwijs.core.models import AccessLog
from klachtwijs.organisation.admin_site import SectionAdmin, SectionMixin


@admin.register(AccessLog)
class AccessLogAdmin(SectionAdmin):
    section = "admin_access_log"
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


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockOutAdmin(SectionMixin, AccessAttemptAdmin):
    """Read the lock-outs; deleting one lets the person try again before the cool-off ends."""

    section = "admin_sign_ins"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
