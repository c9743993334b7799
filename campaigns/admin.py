from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedInline, ScopedModelAdmin
from core.exceptions import ApplicationError

from . import services
from .models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    SuggestionProblem,
    WorkItem,
)


class CampaignListFilter(admin.SimpleListFilter):
    """Only the campaigns the user may see (the default related filter would list them all)."""

    title = _("主题活动")
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        return [(c.pk, c.name) for c in Campaign.objects.visible_to(request.user).only("pk", "name")]

    def queryset(self, request, queryset):
        return queryset.filter(campaign_id=self.value()) if self.value() else queryset


class ItemAdmin(ScopedModelAdmin):
    """Saves go through the services' checks (scope, same campaign, region inside the organiser's)."""

    list_display = ("title", "campaign", "region", "created_at")
    list_filter = (CampaignListFilter,)
    search_fields = ("title", "description")
    list_select_related = ("campaign", "region")
    raw_id_fields = ("region",)
    readonly_fields = ("created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        services.item_save(actor=request.user, item=obj)


@admin.register(Campaign)
class CampaignAdmin(ScopedModelAdmin):
    list_display = ("name", "parent", "region", "start_date", "end_date")
    search_fields = ("name",)
    list_select_related = ("region", "parent")
    raw_id_fields = ("region",)
    filter_horizontal = ("participating_regions",)
    readonly_fields = ("created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        services.campaign_save(actor=request.user, campaign=obj)


@admin.register(WorkItem)
class WorkItemAdmin(ItemAdmin):
    list_display = ("title", "campaign", "region", "responsible_unit", "due_date")


@admin.register(ProblemItem)
class ProblemItemAdmin(ItemAdmin):
    list_display = ("title", "campaign", "region", "work_item", "found_on")
    raw_id_fields = ("region", "work_item", "deputies")
    actions = ["delete_selected_problems"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        problem = self.get_object(request, unquote(object_id))
        message = services.problem_dependents_message(problem) if problem is not None else None
        if message:
            self.message_user(request, message, level=messages.ERROR)
            return redirect(reverse("admin:campaigns_problemitem_change", args=[problem.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.problem_delete(actor=request.user, problem=obj)

    @admin.action(description=_("删除所选问题（已形成建议或成果的除外）"))
    def delete_selected_problems(self, request, queryset):
        deleted = 0
        for problem in queryset:
            try:
                services.problem_delete(actor=request.user, problem=problem)
            except ApplicationError as exc:
                self.message_user(request, f"{problem}：{exc.message}", level=messages.ERROR)
            else:
                deleted += 1
        if deleted:
            self.message_user(request, _("已删除 %(count)d 条问题。") % {"count": deleted})


class SuggestionProblemInline(ScopedInline):
    model = SuggestionProblem
    raw_id_fields = ("problem",)
    verbose_name = _("来源问题")
    verbose_name_plural = _("来源问题")


@admin.register(SuggestionItem)
class SuggestionItemAdmin(ItemAdmin):
    list_display = ("title", "campaign", "region", "formal_suggestion_number")
    inlines = [SuggestionProblemInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not SuggestionProblem:
            return super().save_formset(request, form, formset, change)
        suggestion = form.instance
        changed = formset.save(commit=False)
        keep = set(suggestion.problem_links.values_list("problem_id", flat=True))
        keep -= {link.problem_id for link in formset.deleted_objects}
        keep |= {link.problem_id for link in changed}
        services.suggestion_problems_set(
            actor=request.user, suggestion=suggestion, problems=ProblemItem.objects.filter(pk__in=keep)
        )
        return None


@admin.register(ResultItem)
class ResultItemAdmin(ItemAdmin):
    list_display = ("title", "campaign", "region", "suggestion", "achieved_on")
    raw_id_fields = ("region", "suggestion", "problem", "work_item")


@admin.register(CampaignActivity)
class CampaignActivityAdmin(ItemAdmin):
    list_display = ("title", "campaign", "region", "activity_type", "held_on", "person_times", "problems_reported")
    list_filter = (CampaignListFilter, "activity_type")
    search_fields = ("title",)
    raw_id_fields = ("region", "deputies")


@admin.register(LeadershipInstruction)
class LeadershipInstructionAdmin(ItemAdmin):
    list_display = ("leader_name", "instructed_on", "campaign", "result", "report_title")
    search_fields = ("leader_name", "text", "report_title")
    raw_id_fields = ("region", "result")
    list_select_related = ("campaign", "result")
