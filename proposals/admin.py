"""Admin: directory data (sessions, handling units) and read-mostly views of the flow.

The flow itself (filing, review, handling, replies, ratings) changes
only through the services, so those models are read-only here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline, ScopedInline, ScopedModelAdmin

from . import services
from .models import (
    Assignment,
    HandlingUnit,
    HandlingUnitMembership,
    Proposal,
    ProposalEvent,
    Reply,
    Session,
)


@admin.register(Session)
class SessionAdmin(ScopedModelAdmin):
    list_display = ("name", "congress", "filing_opens", "filing_closes", "handling_months")
    list_filter = ("congress",)
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)  # settings only; no workflow state here
            return
        data = {f: form.cleaned_data[f] for f in form.cleaned_data if f not in ("congress", "name", "sequence")}
        created = services.session_create(
            actor=request.user,
            congress=form.cleaned_data["congress"],
            name=form.cleaned_data["name"],
            sequence=form.cleaned_data["sequence"],
            **data,
        )
        obj.pk = created.pk


class MembershipInline(ScopedInline):
    model = HandlingUnitMembership
    raw_id_fields = ("user",)


@admin.register(HandlingUnit)
class HandlingUnitAdmin(ScopedModelAdmin):
    list_display = ("name", "region", "contact_person", "contact_phone", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "short_name")
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("region", "name", "short_name", "members")}
        created = services.handling_unit_create(
            actor=request.user,
            region=form.cleaned_data["region"],
            name=form.cleaned_data["name"],
            short_name=form.cleaned_data.get("short_name", ""),
            **data,
        )
        obj.pk = created.pk


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = ("unit", "role", "active", "assigned_on", "deadline", "stage", "signed_at")


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ("round", "unit", "classification", "is_public", "on_time", "submitted_at")


class EventInline(ReadOnlyInline):
    model = ProposalEvent
    fields = ("occurred_at", "actor", "action", "from_status", "to_status", "note")
    readonly_fields = ("occurred_at",)


@admin.register(Proposal)
class ProposalAdmin(ScopedModelAdmin):
    list_display = ("display_number", "title", "kind", "status", "session", "deadline")
    list_filter = ("kind", "status", "session")
    search_fields = ("title", "deputy__person__name")
    list_select_related = ("session",)
    inlines = [AssignmentInline, ReplyInline, EventInline]
    actions = ["register_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session", "deputy__person")

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Proposal._meta.fields]

    @admin.display(description=_("编号"))
    def display_number(self, obj):
        return obj.display_number

    @admin.action(description=_("立案所选议案建议"))
    def register_selected(self, request, queryset):
        done = 0
        for proposal in queryset.filter(status="submitted"):
            services.proposal_register(actor=request.user, proposal=proposal)
            done += 1
        self.message_user(request, _("已立案 %(n)d 件。") % {"n": done})
