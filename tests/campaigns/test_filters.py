"""The FilterSets shared by pages, API and exports."""

from types import SimpleNamespace

import pytest

from campaigns.filters import ProblemItemFilterSet, SuggestionItemFilterSet, WorkItemFilterSet
from campaigns.models import ProblemItem, SuggestionItem, WorkItem
from tests.factories import region

from .factories import CampaignFactory, ProblemItemFactory, SuggestionItemFactory, WorkItemFactory, chain

pytestmark = pytest.mark.django_db


def _titles(filterset_class, model, user, **data):
    filterset = filterset_class(data=data, queryset=model.objects.visible_to(user), request=SimpleNamespace(user=user))
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("title", flat=True))


def test_region_filter_includes_everything_below_the_region(province_user):
    campaign = CampaignFactory()
    WorkItemFactory(campaign=campaign, region=region("330100"), title="杭州本级")
    WorkItemFactory(campaign=campaign, region=region("330106"), title="西湖")
    WorkItemFactory(campaign=campaign, region=region("330106002"), title="北山街道")
    WorkItemFactory(campaign=campaign, region=region("330212"), title="鄞州")
    assert _titles(WorkItemFilterSet, WorkItem, province_user, region="330100") == {"杭州本级", "西湖", "北山街道"}
    assert _titles(WorkItemFilterSet, WorkItem, province_user, region="330106") == {"西湖", "北山街道"}


def test_campaign_choices_stop_at_visible_campaigns(other_county_user):
    hidden = CampaignFactory(region=region("330100"), participating_regions=[])
    filterset = WorkItemFilterSet(
        data={"campaign": hidden.pk},
        queryset=WorkItem.objects.visible_to(other_county_user),
        request=SimpleNamespace(user=other_county_user),
    )
    assert not filterset.is_valid()


def test_problem_and_suggestion_filters(county_user):
    _work, problem, _suggestion, _result = chain()
    ProblemItemFactory(campaign=problem.campaign, title="未形成建议的问题")
    SuggestionItemFactory(campaign=problem.campaign, title="已提交的建议", formal_suggestion_number="2025-0001")
    assert _titles(ProblemItemFilterSet, ProblemItem, county_user, has_suggestion="true") == {problem.title}
    assert "未形成建议的问题" in _titles(ProblemItemFilterSet, ProblemItem, county_user, has_suggestion="false")
    assert _titles(SuggestionItemFilterSet, SuggestionItem, county_user, filed="true") == {"已提交的建议"}
    assert _titles(ProblemItemFilterSet, ProblemItem, county_user, q="审批") == {problem.title}


def test_id_filters_refuse_out_of_range_numbers(county_user):
    filterset = ProblemItemFilterSet(
        data={"work_item": str(10**30)},
        queryset=ProblemItem.objects.visible_to(county_user),
        request=SimpleNamespace(user=county_user),
    )
    assert not filterset.is_valid()
