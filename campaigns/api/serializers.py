from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.scoping import regions_visible_to
from deputies.models import Deputy
from regions.models import Region

from ..models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    WorkItem,
)


class ScopedRelatedMixin:
    """Related choices stop at what the caller may see (regions, campaigns, items, deputies)."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is None or user is None:
                continue
            if queryset.model is Region:
                target.queryset = regions_visible_to(user)
            elif queryset.model is Deputy and getattr(user, "is_deputy", False):
                target.queryset = Deputy.objects.filter(person__user=user)
            elif hasattr(queryset, "visible_to"):
                target.queryset = queryset.visible_to(user)
        return fields


class CampaignSerializer(ScopedRelatedMixin, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    participating_regions = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), many=True, required=False
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "parent",
            "region",
            "region_name",
            "start_date",
            "end_date",
            "description",
            "participating_regions",
        ]


class ItemSerializer(ScopedRelatedMixin, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    common_fields = ["id", "campaign", "region", "region_name", "title", "description", "created_at"]


class WorkItemSerializer(ItemSerializer):
    problem_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = WorkItem
        fields = [*ItemSerializer.common_fields, "responsible_unit", "due_date", "listed_on", "problem_count"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"listed_on": {"required": False}}


class ProblemItemSerializer(ItemSerializer):
    suggestion_count = serializers.IntegerField(read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all(), required=False)

    class Meta:
        model = ProblemItem
        fields = [*ItemSerializer.common_fields, "work_item", "deputies", "found_on", "suggestion_count"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"found_on": {"required": False}}

    def validate(self, attrs):
        if "region" not in attrs and not getattr(self.context["request"].user, "is_deputy", False):
            raise serializers.ValidationError({"region": _("请选择所属地区。")})
        return attrs


class SuggestionItemSerializer(ItemSerializer):
    problem_count = serializers.IntegerField(read_only=True)
    result_count = serializers.IntegerField(read_only=True)
    problems = serializers.PrimaryKeyRelatedField(queryset=ProblemItem.objects.all(), many=True)

    class Meta:
        model = SuggestionItem
        fields = [
            *ItemSerializer.common_fields,
            "problems",
            "formal_suggestion_number",
            "listed_on",
            "problem_count",
            "result_count",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"listed_on": {"required": False}}


class ResultItemSerializer(ItemSerializer):
    class Meta:
        model = ResultItem
        fields = [*ItemSerializer.common_fields, "suggestion", "problem", "work_item", "achieved_on"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"achieved_on": {"required": False}}


class CampaignActivitySerializer(ScopedRelatedMixin, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    deputy_count = serializers.IntegerField(read_only=True)
    person_times = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    class Meta:
        model = CampaignActivity
        fields = [
            "id",
            "campaign",
            "region",
            "title",
            "activity_type",
            "held_on",
            "deputies",
            "deputy_count",
            "person_times",
            "problems_reported",
        ]


class LeadershipInstructionSerializer(ScopedRelatedMixin, serializers.ModelSerializer):
    class Meta:
        model = LeadershipInstruction
        fields = [
            "id",
            "campaign",
            "result",
            "report_title",
            "leader_name",
            "leader_title",
            "instructed_on",
            "text",
            "follow_up",
            "followed_up_on",
        ]


class ChainLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    region = serializers.CharField(source="region.code")
