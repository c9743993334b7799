"""Pages: campaign list and detail (four-list counts with drill-down), the
lists, the chain view of an item, forms to add items, exports."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exceptions import ApplicationError
from core.services import job_start
from core.views import ScopedDetailView, ScopedListView, ServiceFormView, StaffRequiredMixin
from regions.models import Region

from . import selectors, services
from .choices import ListKind
from .filters import (
    CampaignActivityFilterSet,
    CampaignFilterSet,
    LeadershipInstructionFilterSet,
    ProblemItemFilterSet,
    ResultItemFilterSet,
    SuggestionItemFilterSet,
    WorkItemFilterSet,
)
from .forms import (
    CampaignActivityForm,
    CampaignForm,
    InstructionFollowUpForm,
    LeadershipInstructionForm,
    ProblemItemForm,
    ProblemReportForm,
    ResultItemForm,
    SuggestionItemForm,
    WorkItemForm,
)
from .models import Campaign, LeadershipInstruction, ProblemItem, ResultItem, SuggestionItem, WorkItem


def form_data(form) -> dict:
    """The form's cleaned values, as keyword arguments for a service."""
    return dict(form.cleaned_data)


class StaffOnlyMixin(StaffRequiredMixin):
    """Pages that only jurisdiction staff use (forms to add records)."""

    denied_message = gettext_lazy("仅工作人员可以办理。")


class CampaignFromUrlMixin:
    """The campaign named in the URL, if the user may see it (404 otherwise)."""

    @cached_property
    def campaign(self) -> Campaign:
        return get_object_or_404(
            Campaign.objects.visible_to(self.request.user).select_related("region"), pk=self.kwargs["campaign_pk"]
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["campaign"] = self.campaign
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["campaign"] = self.campaign
        return context


# Campaigns
# ------------------------------------------------------------------------------


class CampaignListView(ScopedListView):
    model = Campaign
    filterset_class = CampaignFilterSet
    template_name = "campaigns/campaign_list.html"

    def get_base_queryset(self):
        return selectors.campaign_list(user=self.request.user)


class CampaignDetailView(ScopedDetailView):
    """The campaign with its four lists counted per child region; ``?region=`` drills down."""

    model = Campaign
    template_name = "campaigns/campaign_detail.html"
    context_object_name = "campaign"

    def get_object(self, queryset=None):
        try:
            return selectors.campaign_detail(user=self.request.user, pk=self.kwargs["pk"])
        except Campaign.DoesNotExist:
            raise Http404 from None

    def drill_region(self, campaign: Campaign) -> Region:
        code = self.request.GET.get("region")
        user = self.request.user
        if not code and user.is_staff_role and user.region_id and campaign.region.contains(user.region):
            return user.region
        if code and code.startswith(campaign.region.scope_prefix):
            region = Region.objects.filter(code=code).first()
            if region is not None:
                return region
        return campaign.region

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        region = self.drill_region(campaign)
        context["counts"] = selectors.campaign_region_counts(user=self.request.user, campaign=campaign, region=region)
        context["breadcrumb"] = [
            r for r in [*region.ancestors(), region] if r.code.startswith(campaign.region.scope_prefix)
        ]
        context["kinds"] = ListKind.choices
        participation = selectors.sub_activity_participation(user=self.request.user, campaign=campaign)
        context["sub_activities"] = [(sub, participation.get(sub.pk, {})) for sub in campaign.sub_activities.all()]
        context["instructions"] = selectors.instruction_queryset(user=self.request.user).filter(campaign=campaign)[:5]
        context["is_staff_role"] = self.request.user.is_superuser or self.request.user.is_staff_role
        return context


class CampaignCreateView(StaffOnlyMixin, ServiceFormView):
    form_class = CampaignForm
    template_name = "campaigns/form.html"
    success_message = gettext_lazy("主题活动已创建。")
    extra_context = {"title": gettext_lazy("新建主题活动")}

    def perform(self, form):
        return services.campaign_create(actor=self.request.user, **form_data(form))


class CampaignExportView(LoginRequiredMixin, CampaignFromUrlMixin, View):
    """Export every list of a campaign (one sheet each) as a background job."""

    def post(self, request, campaign_pk):
        job = job_start(
            actor=request.user,
            kind="campaigns.campaign_export",
            title=_("导出主题活动“%(name)s”四张清单") % {"name": self.campaign.name},
            params={"campaign_id": self.campaign.pk, "region": request.POST.get("region", "")},
        )
        return redirect("core:job_detail", pk=job.pk)


# The four lists, participation, instructions
# ------------------------------------------------------------------------------


class ItemListView(ScopedListView):
    kind: str = ""
    template_name = "campaigns/item_list.html"

    def get_base_queryset(self):
        return selectors.ITEM_QUERYSETS[self.kind](user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        context["kind_label"] = ListKind(self.kind).label
        context["export_enabled"] = True
        campaign = self.filterset.form.cleaned_data.get("campaign") if self.filterset.is_bound else None
        context["campaign"] = campaign if self.filterset.is_valid() else None
        return context


class WorkItemListView(ItemListView):
    model = WorkItem
    kind = ListKind.WORK
    filterset_class = WorkItemFilterSet
    export_kind = "campaigns.work_item_export"
    export_title = gettext_lazy("导出工作清单")


class ProblemItemListView(ItemListView):
    model = ProblemItem
    kind = ListKind.PROBLEM
    filterset_class = ProblemItemFilterSet
    export_kind = "campaigns.problem_export"
    export_title = gettext_lazy("导出问题清单")


class SuggestionItemListView(ItemListView):
    model = SuggestionItem
    kind = ListKind.SUGGESTION
    filterset_class = SuggestionItemFilterSet
    export_kind = "campaigns.suggestion_export"
    export_title = gettext_lazy("导出建议清单")


class ResultItemListView(ItemListView):
    model = ResultItem
    kind = ListKind.RESULT
    filterset_class = ResultItemFilterSet
    export_kind = "campaigns.result_export"
    export_title = gettext_lazy("导出成果清单")


class ActivityListView(ScopedListView):
    filterset_class = CampaignActivityFilterSet
    template_name = "campaigns/activity_list.html"
    export_kind = "campaigns.activity_export"
    export_title = gettext_lazy("导出活动开展情况")

    def get_base_queryset(self):
        return selectors.activity_queryset(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(export_enabled=True, **kwargs)


class InstructionListView(ScopedListView):
    filterset_class = LeadershipInstructionFilterSet
    template_name = "campaigns/instruction_list.html"

    def get_base_queryset(self):
        return selectors.instruction_queryset(user=self.request.user)


class ItemDetailView(ScopedDetailView):
    """One item and its chain, followed both ways."""

    kind: str = ""
    template_name = "campaigns/item_detail.html"
    context_object_name = "item"

    def get_base_queryset(self):
        return selectors.ITEM_QUERYSETS[self.kind](user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chain = selectors.item_chain(user=self.request.user, item=self.object)
        order = list(ListKind)
        position = order.index(ListKind(self.kind))
        context["kind"] = self.kind
        context["kind_label"] = ListKind(self.kind).label
        context["upstream"] = [(k.label, k.value, chain.upstream.get(k, [])) for k in order[:position]]
        context["downstream"] = [(k.label, k.value, chain.downstream.get(k, [])) for k in order[position + 1 :]]
        context["can_delete"] = self.kind == ListKind.PROBLEM and (
            self.request.user.is_superuser or self.request.user.is_staff_role
        )
        return context


class WorkItemDetailView(ItemDetailView):
    model = WorkItem
    kind = ListKind.WORK


class ProblemItemDetailView(ItemDetailView):
    model = ProblemItem
    kind = ListKind.PROBLEM


class SuggestionItemDetailView(ItemDetailView):
    model = SuggestionItem
    kind = ListKind.SUGGESTION


class ResultItemDetailView(ItemDetailView):
    model = ResultItem
    kind = ListKind.RESULT


# Forms
# ------------------------------------------------------------------------------


class CampaignChildCreateView(StaffOnlyMixin, CampaignFromUrlMixin, ServiceFormView):
    template_name = "campaigns/form.html"
    service = None
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def perform(self, form):
        return type(self).service(actor=self.request.user, campaign=self.campaign, **form_data(form))

    def get_success_url(self, result) -> str:
        return result.get_absolute_url()


class WorkItemCreateView(CampaignChildCreateView):
    form_class = WorkItemForm
    service = services.work_item_create
    title = gettext_lazy("新增工作清单条目")
    success_message = gettext_lazy("工作清单条目已添加。")


class ProblemItemCreateView(CampaignChildCreateView):
    form_class = ProblemItemForm
    service = services.problem_create
    title = gettext_lazy("新增问题清单条目")
    success_message = gettext_lazy("问题清单条目已添加。")


class SuggestionItemCreateView(CampaignChildCreateView):
    form_class = SuggestionItemForm
    service = services.suggestion_create
    title = gettext_lazy("新增建议清单条目")
    success_message = gettext_lazy("建议清单条目已添加。")


class ResultItemCreateView(CampaignChildCreateView):
    form_class = ResultItemForm
    service = services.result_create
    title = gettext_lazy("新增成果清单条目")
    success_message = gettext_lazy("成果清单条目已添加。")


class ActivityCreateView(CampaignChildCreateView):
    form_class = CampaignActivityForm
    service = services.activity_create
    title = gettext_lazy("登记活动开展情况")
    success_message = gettext_lazy("活动已登记。")


class InstructionCreateView(CampaignChildCreateView):
    form_class = LeadershipInstructionForm
    service = services.instruction_create
    title = gettext_lazy("登记领导批示")
    success_message = gettext_lazy("领导批示已登记。")


class InstructionFollowUpView(StaffOnlyMixin, ServiceFormView):
    """Record how a leader's instruction was followed up."""

    form_class = InstructionFollowUpForm
    template_name = "campaigns/form.html"
    success_message = gettext_lazy("落实情况已登记。")

    @cached_property
    def instruction(self) -> LeadershipInstruction:
        return get_object_or_404(
            LeadershipInstruction.objects.visible_to(self.request.user).select_related("campaign"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        instruction = self.instruction
        title = _("登记批示落实情况：%(leader)s %(date)s") % {
            "leader": instruction.leader_name,
            "date": instruction.instructed_on.strftime("%Y-%m-%d"),
        }
        return super().get_context_data(title=title, campaign=instruction.campaign, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"follow_up": self.instruction.follow_up, "followed_up_on": self.instruction.followed_up_on}
        return kwargs

    def perform(self, form):
        return services.instruction_follow_up(actor=self.request.user, instruction=self.instruction, **form_data(form))


class ProblemReportView(CampaignFromUrlMixin, ServiceFormView):
    """A deputy reports a problem they found."""

    form_class = ProblemReportForm
    template_name = "campaigns/form.html"
    success_message = gettext_lazy("问题已报送，感谢您的履职。")
    extra_context = {"title": gettext_lazy("报送我发现的问题")}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_deputy:
            raise PermissionDenied(_("仅代表本人可以报送。"))
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.problem_report(actor=self.request.user, campaign=self.campaign, **form_data(form))


class ProblemDeleteView(StaffOnlyMixin, ScopedDetailView):
    """Confirm, then delete; a problem a suggestion depends on is refused with the reason."""

    model = ProblemItem
    template_name = "campaigns/problem_confirm_delete.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blocked"] = services.problem_dependents_message(self.object)
        return context

    def post(self, request, pk):
        problem = self.get_object()
        try:
            services.problem_delete(actor=request.user, problem=problem)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(problem.get_absolute_url())
        messages.success(request, _("问题清单条目已删除。"))
        return redirect(reverse("campaigns:problem_list") + f"?campaign={problem.campaign_id}")
