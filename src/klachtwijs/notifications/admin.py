"""Django admin for the mail outbox (read-only) and the organisation's mail texts."""

from django.contrib import admin

from klachtwijs.notifications.models import MailTemplate, OutboxMessage


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


@admin.register(MailTemplate)
class MailTemplateAdmin(admin.ModelAdmin):
    """The texts of our mails; `{{ feedback.reference }}` and the like are filled in."""

    list_display = ["kind", "description", "subject", "updated_at"]
    search_fields = ["kind", "description", "subject"]
    fields = ["kind", "description", "subject", "body_text", "body_html", "updated_at"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return ["kind", "updated_at"] if obj else ["updated_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
