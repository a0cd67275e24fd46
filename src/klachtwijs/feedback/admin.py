"""Django admin for the complaint procedure's settings: categories, the regulation and the
organisation-wide improvements.

Dossiers and everything of a dossier (timeline, judgment, measures, escalations, documents,
situations, the meldcode route) are not here: the staff pages show and change them, scoped and
access-logged by `organisation/access.py` (issue #12).
"""

from django.contrib import admin

from klachtwijs.feedback.models import Category, Improvement, Regulation
from klachtwijs.organisation.admin_site import SectionAdmin


@admin.register(Category)
class CategoryAdmin(SectionAdmin):
    section = "admin_complaint_settings"
    list_display = ["name", "is_meldcode", "is_active", "order"]
    list_filter = ["is_meldcode", "is_active"]
    search_fields = ["name"]


@admin.register(Regulation)
class RegulationAdmin(SectionAdmin):
    section = "admin_complaint_settings"
    list_display = ["version", "in_force_from", "advice_kind", "advice_on"]
    list_filter = ["advice_kind"]
    search_fields = ["version", "text"]


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
