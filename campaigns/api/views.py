from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from accounts import roles
from core.api import ScopedModelViewSet
from regions.models import Region

from .. import selectors, services
from ..choices import ListKind
from ..filters import (
    CampaignActivityFilterSet,
    CampaignFilterSet,
    LeadershipInstructionFilterSet,
    ProblemItemFilterSet,
    ResultItemFilterSet,
    SuggestionItemFilterSet,
    WorkItemFilterSet,
)
from ..models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    WorkItem,
)
from .serializers import (
    CampaignActivitySerializer,
    CampaignSerializer,
    ChainLinkSerializer,
    LeadershipInstructionSerializer,
    ProblemItemSerializer,
    ResultItemSerializer,
    SuggestionItemSerializer,
    WorkItemSerializer,
)

READ_AND_CREATE = ["get", "post", "head", "options"]


def _staff_only(user) -> None:
    if not roles.is_office_staff(user):
        raise PermissionDenied(_("仅工作人员可以办理。"))


class CampaignViewSet(ScopedModelViewSet):
    queryset = Campaign.objects.select_related("region").prefetch_related("participating_regions")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet
    http_method_names = READ_AND_CREATE
    search_fields = ["name"]

    def perform_create(self, serializer):
        _staff_only(self.request.user)
        serializer.instance = services.campaign_create(actor=self.request.user, **serializer.validated_data)

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"])
    def counts(self, request, pk=None):
        """Four-list counts and participation per child region; ``?region=<code>`` drills down."""
        # Not get_object(): the list filters (e.g. ``region``) mean something else here.
        campaign = get_object_or_404(self.get_queryset(), pk=pk)
        region = campaign.region
        code = request.query_params.get("region")
        if code:
            region = Region.objects.filter(code=code, code__startswith=campaign.region.scope_prefix).first()
            if region is None:
                raise NotFound(_("该地区不在主题活动范围内。"))
        counts = selectors.campaign_region_counts(user=request.user, campaign=campaign, region=region)
        return Response(
            {
                "region": region.code,
                "totals": counts.totals,
                "activities": counts.activities,
                "person_times": counts.person_times,
                "problems_reported": counts.problems_reported,
                "rows": [
                    {
                        "region": row.region.code if row.region else row.key,
                        "name": row.label,
                        "own_level": row.own_level,
                        "counts": row.counts,
                        "activities": row.activities,
                        "person_times": row.person_times,
                    }
                    for row in counts.rows
                ],
            }
        )


class ItemViewSet(ScopedModelViewSet):
    kind: str = ""
    http_method_names = READ_AND_CREATE
    search_fields = ["title", "description"]

    def get_queryset(self):
        return selectors.ITEM_QUERYSETS[self.kind](user=self.request.user)

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"])
    def chain(self, request, pk=None):
        """The items that led to this one (upstream) and came of it (downstream)."""
        chain = selectors.item_chain(user=request.user, item=self.get_object())
        return Response(
            {
                "upstream": {k: ChainLinkSerializer(v, many=True).data for k, v in chain.upstream.items()},
                "downstream": {k: ChainLinkSerializer(v, many=True).data for k, v in chain.downstream.items()},
            }
        )


class WorkItemViewSet(ItemViewSet):
    kind = ListKind.WORK
    queryset = WorkItem.objects.all()
    serializer_class = WorkItemSerializer
    filterset_class = WorkItemFilterSet

    def perform_create(self, serializer):
        _staff_only(self.request.user)
        serializer.instance = services.work_item_create(actor=self.request.user, **serializer.validated_data)


class ProblemItemViewSet(ItemViewSet):
    kind = ListKind.PROBLEM
    queryset = ProblemItem.objects.all()
    serializer_class = ProblemItemSerializer
    filterset_class = ProblemItemFilterSet
    http_method_names = [*READ_AND_CREATE, "delete"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        if user.is_deputy:
            deputies = data.pop("deputies", [])
            data.pop("region", None)
            if len(deputies) != 1:
                raise PermissionDenied(_("请选择本人的一个代表身份。"))
            serializer.instance = services.problem_report(actor=user, deputy=deputies[0], **data)
            return
        _staff_only(user)
        serializer.instance = services.problem_create(actor=user, **data)

    def perform_destroy(self, instance):
        _staff_only(self.request.user)
        services.problem_delete(actor=self.request.user, problem=instance)


class SuggestionItemViewSet(ItemViewSet):
    kind = ListKind.SUGGESTION
    queryset = SuggestionItem.objects.all()
    serializer_class = SuggestionItemSerializer
    filterset_class = SuggestionItemFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related("problems")

    def perform_create(self, serializer):
        _staff_only(self.request.user)
        serializer.instance = services.suggestion_create(actor=self.request.user, **serializer.validated_data)


class ResultItemViewSet(ItemViewSet):
    kind = ListKind.RESULT
    queryset = ResultItem.objects.all()
    serializer_class = ResultItemSerializer
    filterset_class = ResultItemFilterSet

    def perform_create(self, serializer):
        _staff_only(self.request.user)
        serializer.instance = services.result_create(actor=self.request.user, **serializer.validated_data)


class CampaignActivityViewSet(ScopedModelViewSet):
    queryset = CampaignActivity.objects.all()
    serializer_class = CampaignActivitySerializer
    filterset_class = CampaignActivityFilterSet
    http_method_names = READ_AND_CREATE

    def get_queryset(self):
        return selectors.activity_queryset(user=self.request.user).prefetch_related("deputies")

    def perform_create(self, serializer):
        _staff_only(self.request.user)
        serializer.instance = services.activity_create(actor=self.request.user, **serializer.validated_data)


class LeadershipInstructionViewSet(ScopedModelViewSet):
    queryset = LeadershipInstruction.objects.all()
    serializer_class = LeadershipInstructionSerializer
    filterset_class = LeadershipInstructionFilterSet
    http_method_names = READ_AND_CREATE

    def get_queryset(self):
        return selectors.instruction_queryset(user=self.request.user)

    def perform_create(self, serializer):
        _staff_only(self.request.user)
        serializer.instance = services.instruction_create(actor=self.request.user, **serializer.validated_data)
