"""Django admin for the complaint procedure's settings: categories, the regulation and the
organisation-wide improvements.

Dossiers and everything of a dossier (timeline, judgment, measures, escalations, documents,
situations, the meldcode route) are not here: the staff pages show and change them, scoped and
access-logged by `organisation/access.py` (issue #12).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback.models import Category, Improvement, Regulation, RegulationAdvice
from klachtwijs.feedback.services import regulation_missing, regulation_publish
from klachtwijs.organisation.admin_site import SectionAdmin, SectionMixin


@admin.register(Category)
class CategoryAdmin(SectionAdmin):
    section = "admin_complaint_settings"
    list_display = ["name", "is_meldcode", "is_active", "order"]
    list_filter = ["is_meldcode", "is_active"]
    search_fields = ["name"]


class RegulationAdviceInline(SectionMixin, admin.StackedInline):
    """Each body's advice or consent on its own row (LEGAL.md H8). Stacked, not tabular: every
    field keeps its own label (a tabular inline's fields have none: axe, WCAG 1.3.1/4.1.2)."""

    section = "admin_complaint_settings"
    model = RegulationAdvice
    extra = 1


@admin.register(Regulation)
class RegulationAdmin(SectionAdmin):
    """Versions of the regulation; publishing goes through `regulation_publish`, which refuses
    a version without the advice (Wko 1.60) or consent (Jeugdwet 4.2.1 lid 6) it needs."""

    section = "admin_complaint_settings"
    list_display = ["version", "in_force_from", "published_at", "advice_missing"]
    search_fields = ["version", "text"]
    readonly_fields = ["published_at", "published_by"]
    inlines = [RegulationAdviceInline]
    actions = ["publish"]

    @admin.display(description=_("nog nodig voor publicatie"))
    def advice_missing(self, obj: Regulation) -> str:
        return " ".join(regulation_missing(obj)) if obj.published_at is None else ""

    @admin.action(description=_("Geselecteerde versies publiceren"))
    def publish(self, request, queryset) -> None:
        for regulation in queryset:
            try:
                regulation_publish(regulation_id=regulation.pk, by=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, f"{regulation}: {message}", messages.ERROR)
            else:
                self.message_user(request, _("%s is gepubliceerd.") % regulation)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        regulation = self.get_object(request, object_id)
        if regulation is not None and regulation.published_at is None:
            for message in regulation_missing(regulation):
                self.message_user(request, message, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Improvement)
class ImprovementAdmin(SectionAdmin):
    """The improvement itself; which dossiers led to it is for the staff pages (it would list
    every dossier's reference here)."""

    section = "admin_improvements"
    list_display = ["title", "decided_on", "done_on", "client_panel_asked"]
    list_filter = ["client_panel_asked"]
    search_fields = ["title", "description"]
    date_hierarchy = "decided_on"
    fields = [
        "title",
        "description",
        ("decided_on", "done_on"),
        "client_panel_asked",
        "client_panel_advice",
    ]
