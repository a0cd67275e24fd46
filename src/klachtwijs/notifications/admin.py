"""Django admin for the mail outbox (a delivery monitor) and the organisation's mail texts."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from klachtwijs.core.logging import scrub
from klachtwijs.notifications.models import MailTemplate, OutboxMessage
from klachtwijs.organisation.admin_site import SectionAdmin


@admin.register(OutboxMessage)
class OutboxMessageAdmin(SectionAdmin):
    """Is mail going out? Kind, state and attempts only: never the recipient, subject, body or
    dossier (a parent's mail holds the working private link). Rows are written by
    `message_queue` and the worker only."""

    section = "admin_outbox"
    FIELDS = ["kind", "state", "attempts", "next_attempt_at", "sent_at", "created_at"]
    list_display = [*FIELDS, "error"]
    list_filter = ["state", "kind"]
    date_hierarchy = "created_at"
    fields = [*FIELDS, "error"]
    readonly_fields = fields

    @admin.display(description=_("laatste fout"))
    def error(self, obj: OutboxMessage) -> str:
        """The mail server's answer, without e-mail addresses or phone numbers in it."""
        return scrub(obj.last_error)

    def get_queryset(self, request):
        return super().get_queryset(request).only(*self.FIELDS, "last_error")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MailTemplate)
class MailTemplateAdmin(SectionAdmin):
    """The texts of our mails; `{{ feedback.reference }}` and the like are filled in."""

    section = "admin_mail_texts"
    list_display = ["kind", "description", "subject", "updated_at"]
    search_fields = ["kind", "description", "subject"]
    fields = ["kind", "description", "subject", "body_text", "body_html", "updated_at"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return ["kind", "updated_at"] if obj else ["updated_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
