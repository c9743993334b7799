"""Admin: the roster and sessions are edited here; workflow records are read-only (steps go through the pages)."""

from django.contrib import admin

from core.admin import ReadOnlyInline, ScopedModelAdmin
from core.scoping import regions_visible_to
from deputies.models import Congress

from . import services
from .models import (
    AppointmentCase,
    AppointmentCaseEvent,
    CommitteeMember,
    DutyReport,
    DutyReportEvent,
    ReviewedHead,
    ReviewItem,
    ReviewPlan,
    ReviewPlanEvent,
    StandingCommitteeSession,
)


class _ReferenceAdmin(ScopedModelAdmin):
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "congress":
            # Congresses are not scoped rows themselves; their region decides.
            kwargs["queryset"] = Congress.objects.filter(region__in=regions_visible_to(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.reference_save(actor=request.user, obj=obj)


@admin.register(StandingCommitteeSession)
class StandingCommitteeSessionAdmin(_ReferenceAdmin):
    list_display = ("__str__", "held_on")
    list_filter = ("congress__level",)
    list_select_related = ("congress",)
    date_hierarchy = "held_on"


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(_ReferenceAdmin):
    list_display = ("name", "position", "congress", "user", "is_active")
    list_filter = ("position", "is_active")
    list_select_related = ("congress", "user")
    search_fields = ("name",)
    raw_id_fields = ("user",)


class AppointmentCaseEventInline(ReadOnlyInline):
    model = AppointmentCaseEvent
    fields = ("occurred_at", "actor", "action", "from_status", "to_status", "note")
    readonly_fields = fields


class DutyReportEventInline(ReadOnlyInline):
    model = DutyReportEvent
    fields = ("occurred_at", "actor", "action", "from_status", "to_status", "note")
    readonly_fields = fields


class ReviewPlanEventInline(ReadOnlyInline):
    model = ReviewPlanEvent
    fields = ("occurred_at", "actor", "action", "from_status", "to_status", "note")
    readonly_fields = fields


class ReviewItemInline(ReadOnlyInline):
    model = ReviewItem
    fields = ("name", "max_score")
    readonly_fields = fields


class ReviewedHeadInline(ReadOnlyInline):
    model = ReviewedHead
    fields = ("rank", "department", "name", "post", "total_score", "rectification_status")
    readonly_fields = fields


class _WorkflowAdmin(ScopedModelAdmin):
    """Viewed here, changed only through the step services on the portal pages and the API."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AppointmentCase)
class AppointmentCaseAdmin(_WorkflowAdmin):
    list_display = ("nominee_name", "post", "nominating_body", "congress", "submitted_on", "status", "letter_number")
    list_filter = ("status", "nominating_body")
    list_select_related = ("congress",)
    search_fields = ("nominee_name", "post", "letter_number")
    date_hierarchy = "submitted_on"
    inlines = [AppointmentCaseEventInline]


@admin.register(DutyReport)
class DutyReportAdmin(_WorkflowAdmin):
    list_display = ("person_name", "post", "year", "congress", "status")
    list_filter = ("status", "year")
    list_select_related = ("congress",)
    search_fields = ("person_name", "post")
    inlines = [DutyReportEventInline]


@admin.register(ReviewPlan)
class ReviewPlanAdmin(_WorkflowAdmin):
    list_display = ("title", "year", "congress", "status")
    list_filter = ("status", "year")
    list_select_related = ("congress",)
    search_fields = ("title",)
    inlines = [ReviewItemInline, ReviewedHeadInline, ReviewPlanEventInline]
