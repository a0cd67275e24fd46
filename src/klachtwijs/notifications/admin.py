"""Django admin for the mail outbox: a read-only view of what was (or will be) sent."""

from django.contrib import admin

from klachtwijs.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Rows are written by `message_queue` and the worker only; here they can be read."""

    list_display = ["created_at", "kind", "to", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["to", "subject", "feedback__reference"]
    date_hierarchy = "created_at"
    list_select_related = ["feedback"]
    raw_id_fields = ["feedback"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
