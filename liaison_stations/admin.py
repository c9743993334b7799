"""Admin: browse and search every record within the jurisdiction.

Writes that carry domain rules (the opinion-item flow, scores, problems)
happen in the portal pages, which call the services; here only stations are
created and edited, and they too go through their services.
"""

from django.contrib import admin

from core.admin import ScopedInline, ScopedModelAdmin

from . import services
from .forms import StationForm
from .models import (
    Consultation,
    EvaluationIndicator,
    EvaluationIndicatorSet,
    Inspection,
    InspectionProblem,
    OpinionItem,
    OpinionTransition,
    Reception,
    ReceptionVisitor,
    Solicitation,
    SolicitationOpinion,
    Station,
    StationEvaluation,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


STATION_ADMIN_FIELDS = tuple(StationForm.Meta.fields)


@admin.register(Station)
class StationAdmin(ScopedModelAdmin):
    list_display = ("name", "kind", "region", "address", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "address", "region__name")
    list_select_related = ("region",)
    filter_horizontal = ("deputies",)
    fields = (*STATION_ADMIN_FIELDS, "public_code")
    readonly_fields = ("public_code",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in STATION_ADMIN_FIELDS if name != "deputies"}
        if change:
            saved = services.station_update(actor=request.user, station=Station.objects.get(pk=obj.pk), **data)
        else:
            saved = services.station_create(actor=request.user, **data)
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        station = Station.objects.get(pk=form.instance.pk)
        services.station_update(actor=request.user, station=station, deputies=form.cleaned_data["deputies"])


class ReceptionVisitorInline(ReadOnlyAdminMixin, ScopedInline):
    model = ReceptionVisitor


@admin.register(Reception)
class ReceptionAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("date", "station", "visitor_count")
    list_select_related = ("station",)
    date_hierarchy = "date"
    search_fields = ("station__name", "topics")
    inlines = [ReceptionVisitorInline]


class OpinionTransitionInline(ReadOnlyAdminMixin, ScopedInline):
    model = OpinionTransition
    fields = ("created_at", "action", "from_status", "to_status", "actor_label", "note", "due_date")
    readonly_fields = fields


@admin.register(OpinionItem)
class OpinionItemAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("title", "station", "category", "status", "step_due_date", "created_at")
    list_filter = ("status", "category", "source")
    list_select_related = ("station",)
    search_fields = ("title", "content", "tracking_code")
    date_hierarchy = "created_at"
    inlines = [OpinionTransitionInline]


@admin.register(Solicitation)
class SolicitationAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("title", "kind", "region", "start_date", "end_date")
    list_filter = ("kind",)
    search_fields = ("title",)


@admin.register(SolicitationOpinion)
class SolicitationOpinionAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("solicitation", "station", "clause", "contributor_count")
    list_select_related = ("solicitation", "station")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("date", "station", "body_kind", "body_name", "topic")
    list_filter = ("body_kind",)
    list_select_related = ("station",)
    search_fields = ("topic", "body_name")


class EvaluationIndicatorInline(ReadOnlyAdminMixin, ScopedInline):
    model = EvaluationIndicator


@admin.register(EvaluationIndicatorSet)
class EvaluationIndicatorSetAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("name", "region", "year")
    inlines = [EvaluationIndicatorInline]


@admin.register(StationEvaluation)
class StationEvaluationAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("station", "indicator_set", "quarter", "self_total", "review_total")
    list_filter = ("quarter",)
    list_select_related = ("station", "indicator_set")


class InspectionProblemInline(ReadOnlyAdminMixin, ScopedInline):
    model = InspectionProblem


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("title", "region", "date")
    inlines = [InspectionProblemInline]


@admin.register(InspectionProblem)
class InspectionProblemAdmin(ReadOnlyAdminMixin, ScopedModelAdmin):
    list_display = ("station", "category", "owner", "deadline", "status")
    list_filter = ("status", "category")
    list_select_related = ("station",)
    search_fields = ("description", "owner")
