"""Reads: who sees which campaign and item, counts per region, the chain both ways."""

import pytest

from campaigns.choices import ListKind
from campaigns.models import Campaign, ProblemItem, WorkItem
from campaigns.selectors import campaign_region_counts, item_chain
from tests.factories import UserFactory, region

from .factories import (
    CampaignActivityFactory,
    CampaignFactory,
    ProblemItemFactory,
    ResultItemFactory,
    SuggestionItemFactory,
    WorkItemFactory,
    chain,
    deputy_user,
)

pytestmark = pytest.mark.django_db


def test_campaign_visible_to_organiser_and_participating_regions(
    province_user, city_user, county_user, other_county_user
):
    hangzhou = CampaignFactory(region=region("330100"), name="杭州活动", participating_regions=[])
    provincial = CampaignFactory(name="全省活动", participating_regions=[region("330100")])

    def seen(user):
        return set(Campaign.objects.visible_to(user).values_list("name", flat=True))

    assert seen(province_user) == {"杭州活动", "全省活动"}
    assert seen(city_user) == {"杭州活动", "全省活动"}
    # 西湖区 lies in participating 杭州市; 鄞州区 (宁波) does not. 杭州's own
    # campaign lists no participating regions, so it stays with the city.
    assert seen(county_user) == {"全省活动"}
    assert seen(other_county_user) == set()
    assert hangzhou and provincial


def test_participating_county_makes_the_campaign_visible_to_its_city(city_user):
    CampaignFactory(name="县级参与", participating_regions=[region("330106")])
    CampaignFactory(name="不参与", participating_regions=[])
    assert list(Campaign.objects.visible_to(city_user).values_list("name", flat=True)) == ["县级参与"]


def test_items_stay_within_the_staff_jurisdiction(city_user, county_user, other_county_user):
    campaign = CampaignFactory(participating_regions=[region("330100"), region("330200")])
    WorkItemFactory(campaign=campaign, region=region("330106"), title="西湖")
    WorkItemFactory(campaign=campaign, region=region("330212"), title="鄞州")
    WorkItemFactory(campaign=campaign, region=region("330100"), title="杭州本级")

    def seen(user):
        return set(WorkItem.objects.visible_to(user).values_list("title", flat=True))

    assert seen(city_user) == {"西湖", "杭州本级"}
    assert seen(county_user) == {"西湖"}
    assert seen(other_county_user) == {"鄞州"}


def test_deputy_sees_campaigns_they_take_part_in_and_only_their_problems():
    user, deputy = deputy_user("330106")
    joined = CampaignFactory(name="参加的活动", region=region("330200"), participating_regions=[])
    CampaignActivityFactory(campaign=joined, region=region("330212"), deputies=[deputy])
    CampaignFactory(name="覆盖本地的活动", participating_regions=[region("330100")])
    CampaignFactory(name="无关活动", region=region("330200"), participating_regions=[])
    mine = ProblemItemFactory(deputies=[deputy], title="我的问题")
    ProblemItemFactory(title="别人的问题")

    assert set(Campaign.objects.visible_to(user).values_list("name", flat=True)) >= {"参加的活动", "覆盖本地的活动"}
    assert "无关活动" not in set(Campaign.objects.visible_to(user).values_list("name", flat=True))
    assert list(ProblemItem.objects.visible_to(user)) == [mine]
    assert not WorkItem.objects.visible_to(user).exists()


def test_administrators_see_no_campaign_data():
    CampaignFactory()
    admin = UserFactory(role="system_admin", region=None)
    assert not Campaign.objects.visible_to(admin).exists()


def _populate(campaign):
    """Items spread over 杭州 (city level, 西湖区, 上城区), 宁波 鄞州区 and the province itself."""
    plan = {
        "330000": (1, 0, 0, 0),
        "330100": (2, 1, 0, 0),
        "330106": (3, 4, 2, 1),
        "330102": (1, 2, 1, 0),
        "330106002": (1, 1, 0, 0),
        "330212": (2, 3, 1, 1),
    }
    for code, (w, p, s, r) in plan.items():
        reg = region(code)
        works = [WorkItemFactory(campaign=campaign, region=reg) for _ in range(w)]
        problems = [ProblemItemFactory(campaign=campaign, region=reg, work_item=works[0]) for _ in range(p)]
        suggestions = [SuggestionItemFactory(campaign=campaign, region=reg, problems=problems[:1]) for _ in range(s)]
        for _ in range(r):
            ResultItemFactory(campaign=campaign, region=reg, suggestion=suggestions[0])
    CampaignActivityFactory(campaign=campaign, region=region("330106"), person_times=30, problems_reported=5)
    CampaignActivityFactory(campaign=campaign, region=region("330212"), person_times=12, problems_reported=2)
    # Noise in another campaign never counts.
    WorkItemFactory(campaign=CampaignFactory(), region=region("330106"))


def _expected(user, campaign, prefix):
    from campaigns.models import ITEM_MODELS

    return {
        kind: model.objects.visible_to(user).filter(campaign=campaign, region__code__startswith=prefix).count()
        for kind, model in ITEM_MODELS.items()
    }


def test_counts_per_list_and_region_equal_the_items_in_scope_at_every_level(province_user, city_user, county_user):
    campaign = CampaignFactory(participating_regions=[region("330100"), region("330200")])
    _populate(campaign)

    province = campaign_region_counts(user=province_user, campaign=campaign, region=region("330000"))
    assert (
        province.totals
        == _expected(province_user, campaign, "33")
        == {
            "work": 10,
            "problem": 11,
            "suggestion": 4,
            "result": 2,
        }
    )
    rows = {row.label: row for row in province.rows}
    assert len([r for r in province.rows if not r.own_level]) == 11  # every city, zeros included
    assert rows["杭州市"].counts == _expected(province_user, campaign, "3301")
    assert rows["宁波市"].counts == _expected(province_user, campaign, "3302")
    assert rows["浙江省（本级）"].counts == {"work": 1, "problem": 0, "suggestion": 0, "result": 0}
    assert (province.activities, province.person_times, province.problems_reported) == (2, 42, 7)
    assert rows["杭州市"].person_times == 30

    hangzhou = campaign_region_counts(user=province_user, campaign=campaign, region=region("330100"))
    rows = {row.label: row for row in hangzhou.rows}
    assert hangzhou.totals == _expected(province_user, campaign, "3301")
    assert (
        rows["西湖区"].counts
        == _expected(province_user, campaign, "330106")
        == {
            "work": 4,
            "problem": 5,
            "suggestion": 2,
            "result": 1,
        }
    )
    assert rows["上城区"].counts == _expected(province_user, campaign, "330102")
    assert rows["杭州市（本级）"].counts["work"] == 2

    xihu = campaign_region_counts(user=province_user, campaign=campaign, region=region("330106"))
    rows = {row.label: row for row in xihu.rows}
    assert rows["北山街道"].counts["work"] == 1
    assert rows["西湖区（本级）"].counts["work"] == 3
    assert sum(row.counts["problem"] for row in xihu.rows) == xihu.totals["problem"] == 5

    # Lower levels see only what is in their scope, even from the province page.
    for user in (city_user, county_user):
        counts = campaign_region_counts(user=user, campaign=campaign, region=region("330000"))
        assert counts.totals == _expected(user, campaign, "33")
        assert {r.label: r for r in counts.rows}["宁波市"].counts == dict.fromkeys(ListKind.values, 0)
    assert campaign_region_counts(user=county_user, campaign=campaign, region=region("330000")).totals["work"] == 4


def test_counts_use_one_query_per_table(django_assert_num_queries, province_user):
    campaign = CampaignFactory()
    _populate(campaign)
    province = region("330000")
    province_user.region  # noqa: B018 - the user's region is loaded at login
    # four lists + participation + the child regions
    with django_assert_num_queries(6):
        campaign_region_counts(user=province_user, campaign=campaign, region=province)


def test_chain_can_be_followed_both_ways(county_user):
    work, problem, suggestion, result = chain()
    other_problem = ProblemItemFactory(campaign=work.campaign, work_item=work)

    down = item_chain(user=county_user, item=work)
    assert set(down.downstream[ListKind.PROBLEM]) == {problem, other_problem}
    assert down.downstream[ListKind.SUGGESTION] == [suggestion]
    assert down.downstream[ListKind.RESULT] == [result]

    up = item_chain(user=county_user, item=result)
    assert up.upstream[ListKind.SUGGESTION] == [suggestion]
    assert up.upstream[ListKind.PROBLEM] == [problem]
    assert up.upstream[ListKind.WORK] == [work]

    middle = item_chain(user=county_user, item=problem)
    assert middle.upstream[ListKind.WORK] == [work]
    assert middle.downstream[ListKind.SUGGESTION] == [suggestion]
    assert middle.downstream[ListKind.RESULT] == [result]


def test_chain_hides_links_outside_the_users_scope(county_user):
    campaign = CampaignFactory()
    work = WorkItemFactory(campaign=campaign, region=region("330100"))
    problem = ProblemItemFactory(campaign=campaign, region=region("330106"), work_item=work)
    assert item_chain(user=county_user, item=problem).upstream[ListKind.WORK] == []
