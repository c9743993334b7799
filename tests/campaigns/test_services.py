"""Writes: the chain stays inside one campaign, dependents protect problems, scope holds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError

from campaigns import services
from campaigns.models import ProblemItem, SuggestionProblem
from core.exceptions import ApplicationError
from tests.factories import region

from .factories import (
    CampaignFactory,
    DeputyFactory,
    ProblemItemFactory,
    SuggestionItemFactory,
    WorkItemFactory,
    chain,
    deputy_user,
)

pytestmark = pytest.mark.django_db

CROSS = "关联的清单条目必须属于同一主题活动。"


def test_staff_create_the_whole_chain(county_user):
    campaign = CampaignFactory()
    xihu = region("330106")
    deputy = DeputyFactory()
    work = services.work_item_create(actor=county_user, campaign=campaign, region=xihu, title="走访企业")
    problem = services.problem_create(
        actor=county_user, campaign=campaign, region=xihu, title="停车难", work_item=work, deputies=[deputy]
    )
    suggestion = services.suggestion_create(
        actor=county_user, campaign=campaign, region=xihu, title="增设停车位", problems=[problem]
    )
    result = services.result_create(
        actor=county_user, campaign=campaign, region=xihu, title="新增车位200个", suggestion=suggestion
    )
    assert list(problem.suggestions.all()) == [suggestion]
    assert list(suggestion.results.all()) == [result]
    assert list(problem.deputies.all()) == [deputy]
    assert work.created_by == county_user


def test_problem_cannot_point_to_a_work_item_of_another_campaign(county_user):
    campaign, other = CampaignFactory(), CampaignFactory()
    foreign_work = WorkItemFactory(campaign=other)
    with pytest.raises(ApplicationError, match=CROSS) as exc:
        services.problem_create(
            actor=county_user, campaign=campaign, region=region("330106"), title="问题", work_item=foreign_work
        )
    assert exc.value.field == "work_item"
    assert not ProblemItem.objects.filter(campaign=campaign).exists()


def test_suggestion_cannot_be_formed_from_another_campaigns_problem(county_user):
    campaign, other = CampaignFactory(), CampaignFactory()
    mine = ProblemItemFactory(campaign=campaign)
    foreign = ProblemItemFactory(campaign=other)
    with pytest.raises(ApplicationError, match=CROSS):
        services.suggestion_create(
            actor=county_user, campaign=campaign, region=region("330106"), title="建议", problems=[mine, foreign]
        )


def test_result_cannot_come_from_another_campaigns_suggestion(county_user):
    campaign, other = CampaignFactory(), CampaignFactory()
    foreign = SuggestionItemFactory(campaign=other)
    with pytest.raises(ApplicationError, match=CROSS):
        services.result_create(
            actor=county_user, campaign=campaign, region=region("330106"), title="成果", suggestion=foreign
        )


def test_result_needs_a_source(county_user):
    with pytest.raises(ApplicationError, match="成果须关联"):
        services.result_create(actor=county_user, campaign=CampaignFactory(), region=region("330106"), title="成果")


def test_model_clean_guards_the_chain_too():
    """A link written past the services (e.g. a data fix) still fails validation."""
    campaign, other = CampaignFactory(), CampaignFactory()
    problem = ProblemItemFactory(campaign=campaign)
    problem.work_item = WorkItemFactory(campaign=other)
    with pytest.raises(ValidationError) as exc:
        problem.full_clean()
    assert "work_item" in exc.value.message_dict
    link = SuggestionProblem(
        suggestion=SuggestionItemFactory(campaign=other), problem=ProblemItemFactory(campaign=campaign)
    )
    with pytest.raises(ValidationError):
        link.full_clean()


def test_instruction_on_a_result_of_another_campaign_is_refused(province_user):
    campaign = CampaignFactory()
    *_, result = chain()
    with pytest.raises(ApplicationError, match=CROSS):
        services.instruction_create(
            actor=province_user,
            campaign=campaign,
            result=result,
            leader_name="王书记",
            instructed_on=datetime.date(2024, 9, 1),
            text="请抓好落实。",
        )


def test_deleting_a_problem_a_suggestion_depends_on_is_refused_with_a_clear_message(county_user):
    _work, problem, _suggestion, _result = chain()
    with pytest.raises(ApplicationError) as exc:
        services.problem_delete(actor=county_user, problem=problem)
    assert "该问题已形成建议“关于压缩审批环节的建议”，不能删除" in exc.value.message
    assert ProblemItem.objects.filter(pk=problem.pk).exists()
    # The database refuses as well, whatever path the delete takes.
    with pytest.raises(ProtectedError):
        problem.delete()


def test_a_problem_nothing_depends_on_can_be_deleted(county_user):
    problem = ProblemItemFactory()
    services.problem_delete(actor=county_user, problem=problem)
    assert not ProblemItem.objects.filter(pk=problem.pk).exists()


def test_staff_cannot_file_items_outside_their_jurisdiction(county_user):
    campaign = CampaignFactory()
    with pytest.raises(PermissionDenied):
        services.work_item_create(actor=county_user, campaign=campaign, region=region("330212"), title="鄞州的工作")


def test_item_region_must_lie_within_the_organising_region(province_user):
    hangzhou_campaign = CampaignFactory(region=region("330100"))
    with pytest.raises(ApplicationError, match="组织单位的辖区"):
        services.work_item_create(
            actor=province_user, campaign=hangzhou_campaign, region=region("330212"), title="宁波的工作"
        )


def test_other_county_cannot_delete_a_problem_it_cannot_see(other_county_user):
    problem = ProblemItemFactory()
    with pytest.raises(PermissionDenied):
        services.problem_delete(actor=other_county_user, problem=problem)


def test_deputy_reports_a_problem_under_their_own_mandate():
    campaign = CampaignFactory(participating_regions=[region("330100")])
    user, deputy = deputy_user("330106")
    problem = services.problem_report(actor=user, deputy=deputy, campaign=campaign, title="公交班次少")
    assert problem.region == deputy.region
    assert list(problem.deputies.all()) == [deputy]
    assert list(ProblemItem.objects.visible_to(user)) == [problem]


def test_deputy_cannot_report_for_someone_else():
    campaign = CampaignFactory(participating_regions=[region("330100")])
    user, _mine = deputy_user("330106")
    someone_else = DeputyFactory()
    with pytest.raises(PermissionDenied):
        services.problem_report(actor=user, deputy=someone_else, campaign=campaign, title="冒名")


def test_activity_person_times_default_to_the_deputies_and_cannot_be_fewer(county_user):
    campaign = CampaignFactory()
    deputies = [DeputyFactory(), DeputyFactory()]
    activity = services.activity_create(
        actor=county_user,
        campaign=campaign,
        region=region("330106"),
        title="营商环境体验",
        activity_type="experience",
        held_on=datetime.date(2024, 6, 1),
        deputies=deputies,
    )
    assert activity.person_times == 2
    with pytest.raises(ApplicationError, match="参加人次不能少于"):
        services.activity_create(
            actor=county_user,
            campaign=campaign,
            region=region("330106"),
            title="座谈",
            activity_type="forum",
            held_on=datetime.date(2024, 6, 2),
            deputies=deputies,
            person_times=1,
        )


def test_campaign_sub_activity(province_user):
    parent = services.campaign_create(
        actor=province_user,
        name="双岗建功",
        region=region("330000"),
        start_date=datetime.date(2024, 3, 1),
        participating_regions=[region("330100"), region("330200")],
    )
    child = services.campaign_create(
        actor=province_user,
        name="代表当好营商环境宣传员体验员",
        region=region("330000"),
        start_date=datetime.date(2024, 4, 1),
        parent=parent,
    )
    assert list(parent.sub_activities.all()) == [child]
    assert parent.participating_regions.count() == 2


def test_city_staff_cannot_create_a_province_campaign(city_user):
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=city_user, name="越权", region=region("330000"), start_date=datetime.date(2024, 1, 1)
        )
