"""Django admin for dossiers and what belongs to them.

The admin is a window on the data, not a second way to change a dossier: what the services in
`services.py` write (status, dates, timeline, judgment) is read-only here, and the few things
that may be changed (report texts, a measure's done date, an escalation) are saved through the
same services, so every change still lands in the dossier's timeline.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback import services
from klachtwijs.feedback.models import (
    Category,
    Document,
    Escalation,
    Event,
    Feedback,
    Improvement,
    Judgment,
    Measure,
    Regulation,
    Situation,
)

MEASURE_NOT_UNDONE = "Een afgeronde maatregel kan niet weer open worden gezet."


class ReadOnlyInline(admin.TabularInline):
    """An inline that shows rows without allowing to add, change or delete them."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    """The timeline: append-only, written by the services."""

    model = Event
    fields = ["at", "kind", "actor", "from_status", "to_status", "text", "visible_to_parent"]
    ordering = ["at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class JudgmentInline(ReadOnlyInline):
    model = Judgment
    fields = ["decided_on", "outcome", "reasoning", "no_measures_reason", "by_committee"]


class EscalationInline(ReadOnlyInline):
    model = Escalation
    fields = ["body", "started_on", "ended_on", "result", "is_binding"]
    show_change_link = True


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "filename", "content_type", "size", "created_at", "visible_to_parent"]


class MeasureDoneForm(forms.ModelForm):
    """Only the done date can be entered; it is saved through `measure_complete`."""

    class Meta:
        model = Measure
        fields = ["done_at"]

    def clean_done_at(self):
        done_at = self.cleaned_data["done_at"]
        if done_at is None and self.instance.done_at is not None:
            raise ValidationError(MEASURE_NOT_UNDONE)
        return done_at


def _complete_measure(request, form: forms.ModelForm) -> bool:
    """Save an entered done date through the service; True when there was one."""
    if "done_at" not in form.changed_data or not form.cleaned_data["done_at"]:
        return False
    services.measure_complete(
        measure_id=form.instance.pk, done_on=form.cleaned_data["done_at"], by=request.user
    )
    return True


class MeasureInline(admin.TabularInline):
    model = Measure
    form = MeasureDoneForm
    fields = ["description", "owner", "due_date", "done_at"]
    readonly_fields = ["description", "owner", "due_date"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Dossiers are created by `feedback_receive` and never deleted: no add, no delete."""

    EDITABLE = ("report_summary", "report_handling")

    list_display = ["reference", "received_at", "kind", "status", "location", "service", "term"]
    list_filter = [
        "status",
        "kind",
        "category",
        "location",
        "location__region",
        "service",
        "framework",
        "channel",
        "is_restricted",
    ]
    list_select_related = ["location", "service"]
    search_fields = ["reference", "submitter_name", "submitter_email", "description"]
    date_hierarchy = "received_at"
    fieldsets = [
        (
            _("Dossier"),
            {
                "fields": [
                    ("reference", "status", "is_restricted"),
                    ("kind", "category", "channel"),
                    ("location", "service", "framework"),
                    ("handler", "situation"),
                ]
            },
        ),
        (
            _("Termijnen"),
            {
                "fields": [
                    ("received_at", "registered_at"),
                    ("answer_due", "extended_until"),
                    ("answered_at", "closed_at", "closure_reason"),
                ]
            },
        ),
        (_("Klantreactie"), {"fields": ["description", "desired_outcome", "happened_on"]}),
        (
            _("Indiener"),
            {
                "fields": [
                    ("submitter_name", "submitter_email", "submitter_phone"),
                    ("contact_preference", "created_by"),
                    "children",
                ]
            },
        ),
        (_("Jaarverslag"), {"fields": list(EDITABLE)}),
        (
            _("Tevredenheid"),
            {"fields": [("satisfaction", "satisfaction_comment"), "anonymised_at"]},
        ),
    ]
    inlines = [EventInline, JudgmentInline, MeasureInline, EscalationInline, DocumentInline]

    def get_readonly_fields(self, request, obj=None):
        names = flatten_fieldsets(self.fieldsets)
        return [name for name in names if name not in self.EDITABLE]

    @admin.display(description=_("termijn"), ordering="answer_due")
    def term(self, obj: Feedback):
        return obj.due

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if set(self.EDITABLE) & set(form.changed_data):
            services.feedback_set_report_texts(
                feedback_id=obj.pk,
                by=request.user,
                summary=obj.report_summary,
                handling=obj.report_handling,
            )

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Measure:
            # What formset.save() would report, for the admin's change message.
            formset.new_objects, formset.deleted_objects, formset.changed_objects = [], [], []
            for inline_form in formset.forms:
                if _complete_measure(request, inline_form):
                    formset.changed_objects.append((inline_form.instance, ["done_at"]))
            return
        super().save_formset(request, form, formset, change)


@admin.register(Judgment)
class JudgmentAdmin(admin.ModelAdmin):
    """Judgments are written by `feedback_judge` and stay as they were sent."""

    list_display = ["feedback", "outcome", "decided_on", "by_committee"]
    list_filter = ["outcome", "by_committee", "feedback__location__region"]
    list_select_related = ["feedback"]
    search_fields = ["feedback__reference", "reasoning"]
    date_hierarchy = "decided_on"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    """Follow-up of measures: only the done date can be entered."""

    form = MeasureDoneForm
    list_display = ["feedback", "short_description", "owner", "due_date", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "feedback__location"]
    list_select_related = ["feedback", "owner"]
    search_fields = ["feedback__reference", "description"]
    date_hierarchy = "due_date"
    fields = ["feedback", "judgment", "description", "owner", "due_date", "done_at"]
    readonly_fields = ["feedback", "judgment", "description", "owner", "due_date"]

    @admin.display(description=_("maatregel"))
    def short_description(self, obj: Measure) -> str:
        return obj.description[:80]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        _complete_measure(request, form)


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """Recording and ending go through the services, so the dossier's timeline shows them."""

    END_FIELDS = ("ended_on", "result", "is_binding")

    list_display = ["feedback", "body", "started_on", "ended_on", "result", "is_binding"]
    list_filter = ["body", "result", "is_binding"]
    list_select_related = ["feedback"]
    search_fields = ["feedback__reference", "summary"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["feedback"]

    def get_readonly_fields(self, request, obj=None):
        return ["feedback"] if obj else []

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.pk = services.escalation_record(
                feedback_id=obj.feedback_id,
                by=request.user,
                body=obj.body,
                started_on=obj.started_on,
                ended_on=obj.ended_on,
                result=obj.result,
                is_binding=obj.is_binding,
                summary=obj.summary,
            ).pk
            return
        ending = obj.ended_on and set(self.END_FIELDS) & set(form.changed_data)
        other = [name for name in form.changed_data if not ending or name not in self.END_FIELDS]
        if other:
            obj.save(update_fields=other)
        if ending:
            services.escalation_end(
                escalation_id=obj.pk,
                by=request.user,
                ended_on=obj.ended_on,
                result=obj.result,
                is_binding=obj.is_binding,
            )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "is_meldcode", "is_active", "order"]
    list_filter = ["is_meldcode", "is_active"]
    search_fields = ["name"]


@admin.register(Situation)
class SituationAdmin(admin.ModelAdmin):
    list_display = ["title", "created_at", "dossiers"]
    search_fields = ["title", "note", "feedback__reference"]
    fields = ["title", "note", "references", "created_at"]
    readonly_fields = ["references", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(dossier_count=Count("feedback"))

    @admin.display(description=_("klantreacties"), ordering="dossier_count")
    def dossiers(self, obj: Situation) -> int:
        return obj.dossier_count

    @admin.display(description=_("kenmerken"))
    def references(self, obj: Situation) -> str:
        return ", ".join(obj.feedback.values_list("reference", flat=True)) or "-"


@admin.register(Improvement)
class ImprovementAdmin(admin.ModelAdmin):
    list_display = ["title", "decided_on", "done_on", "client_panel_asked"]
    list_filter = ["client_panel_asked"]
    search_fields = ["title", "description"]
    date_hierarchy = "decided_on"
    autocomplete_fields = ["feedback"]


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    list_display = ["version", "in_force_from", "advice_kind", "advice_on"]
    list_filter = ["advice_kind"]
    search_fields = ["version", "text"]
