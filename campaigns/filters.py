"""One FilterSet per list, shared by the list pages, the API and the Excel exports."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import region_within_q, regions_visible_to
from deputies.models import Deputy
from regions.models import Region

from .choices import ActivityType
from .models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    WorkItem,
)


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number within the database's integer range."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


def _user(request):
    return getattr(request, "user", None)


def visible_campaigns(request):
    user = _user(request)
    return Campaign.objects.visible_to(user) if user is not None else Campaign.objects.none()


def filter_regions(request):
    user = _user(request)
    return regions_visible_to(user) if user is not None else Region.objects.none()


def visible_deputies(request):
    user = _user(request)
    return Deputy.objects.visible_to(user).select_related("person") if user is not None else Deputy.objects.none()


class RegionWithinFilter(django_filters.ModelChoiceFilter):
    """A region and everything below it (code prefix), as scoping does."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(region_within_q("region", value.scope_prefix))


class CampaignItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    campaign = django_filters.ModelChoiceFilter(label=_("主题活动"), queryset=visible_campaigns)
    region = RegionWithinFilter(label=_("地区"), queryset=filter_regions, to_field_name="code")

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class CampaignFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    region = RegionWithinFilter(label=_("组织单位所在地区"), queryset=filter_regions, to_field_name="code")
    year = django_filters.NumberFilter(label=_("年度"), method="filter_year", min_value=1949, max_value=2100)
    top_level = django_filters.BooleanFilter(label=_("仅主活动"), field_name="parent", lookup_expr="isnull")

    class Meta:
        model = Campaign
        fields = ["q", "region", "year", "top_level"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_date__year=int(value))


class WorkItemFilterSet(CampaignItemFilterSet):
    due_before = django_filters.DateFilter(label=_("完成时限不晚于"), field_name="due_date", lookup_expr="lte")

    class Meta:
        model = WorkItem
        fields = ["q", "campaign", "region", "due_before"]


class ProblemItemFilterSet(CampaignItemFilterSet):
    work_item = IdFilter(label=_("工作清单编号"), field_name="work_item_id")
    deputy = django_filters.ModelChoiceFilter(label=_("代表"), queryset=visible_deputies, field_name="deputies")
    has_suggestion = django_filters.BooleanFilter(label=_("已形成建议"), method="filter_has_suggestion")
    found_after = django_filters.DateFilter(label=_("发现日期起"), field_name="found_on", lookup_expr="gte")
    found_before = django_filters.DateFilter(label=_("发现日期止"), field_name="found_on", lookup_expr="lte")

    class Meta:
        model = ProblemItem
        fields = ["q", "campaign", "region", "work_item", "deputy", "has_suggestion", "found_after", "found_before"]

    def filter_has_suggestion(self, queryset, name, value):
        return queryset.filter(suggestion_links__isnull=not value).distinct()


class SuggestionItemFilterSet(CampaignItemFilterSet):
    problem = IdFilter(label=_("问题清单编号"), field_name="problem_links__problem_id")
    filed = django_filters.BooleanFilter(label=_("已正式提交建议"), method="filter_filed")

    class Meta:
        model = SuggestionItem
        fields = ["q", "campaign", "region", "problem", "filed"]

    def filter_filed(self, queryset, name, value):
        return queryset.exclude(formal_suggestion_number="") if value else queryset.filter(formal_suggestion_number="")


class ResultItemFilterSet(CampaignItemFilterSet):
    suggestion = IdFilter(label=_("建议清单编号"), field_name="suggestion_id")
    achieved_after = django_filters.DateFilter(label=_("取得日期起"), field_name="achieved_on", lookup_expr="gte")
    achieved_before = django_filters.DateFilter(label=_("取得日期止"), field_name="achieved_on", lookup_expr="lte")

    class Meta:
        model = ResultItem
        fields = ["q", "campaign", "region", "suggestion", "achieved_after", "achieved_before"]


class CampaignActivityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), field_name="title", lookup_expr="icontains")
    campaign = django_filters.ModelChoiceFilter(label=_("主题活动"), queryset=visible_campaigns)
    region = RegionWithinFilter(label=_("地区"), queryset=filter_regions, to_field_name="code")
    activity_type = django_filters.ChoiceFilter(label=_("活动类型"), choices=ActivityType.choices)
    deputy = django_filters.ModelChoiceFilter(label=_("代表"), queryset=visible_deputies, field_name="deputies")
    held_after = django_filters.DateFilter(label=_("活动日期起"), field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(label=_("活动日期止"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = CampaignActivity
        fields = ["q", "campaign", "region", "activity_type", "deputy", "held_after", "held_before"]


class LeadershipInstructionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    campaign = django_filters.ModelChoiceFilter(label=_("主题活动"), queryset=visible_campaigns)
    leader_name = django_filters.CharFilter(label=_("批示领导"), lookup_expr="icontains")
    followed_up = django_filters.BooleanFilter(label=_("已落实"), method="filter_followed_up")

    class Meta:
        model = LeadershipInstruction
        fields = ["q", "campaign", "leader_name", "followed_up"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(report_title__icontains=value))

    def filter_followed_up(self, queryset, name, value):
        return queryset.exclude(follow_up="") if value else queryset.filter(follow_up="")


ITEM_FILTERSETS = {
    "work": WorkItemFilterSet,
    "problem": ProblemItemFilterSet,
    "suggestion": SuggestionItemFilterSet,
    "result": ResultItemFilterSet,
}
