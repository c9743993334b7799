import pytest
from django.urls import reverse

from campaigns.models import ProblemItem, WorkItem
from tests.factories import region

from .factories import CampaignFactory, chain

pytestmark = pytest.mark.django_db


def test_admin_delete_of_a_depended_on_problem_shows_the_reason(login, county_user):
    _work, problem, _suggestion, _result = chain()
    client = login(county_user)
    response = client.get(reverse("admin:campaigns_problemitem_delete", args=[problem.pk]), follow=True)
    assert "该问题已形成建议" in response.text
    assert ProblemItem.objects.filter(pk=problem.pk).exists()


def test_admin_add_goes_through_the_same_rules(login, county_user):
    campaign = CampaignFactory()
    client = login(county_user)
    response = client.post(
        reverse("admin:campaigns_workitem_add"),
        {"campaign": campaign.pk, "region": region("330106").pk, "title": "后台新增的工作"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert WorkItem.objects.get(title="后台新增的工作").created_by == county_user


def test_admin_lists_only_the_users_jurisdiction(login, county_user):
    campaign = CampaignFactory()
    chain(campaign, "330106")
    chain(campaign, "330212")
    response = login(county_user).get(reverse("admin:campaigns_workitem_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_admin_campaign_filter_lists_only_visible_campaigns(login, county_user):
    CampaignFactory(name="看得见的活动")
    CampaignFactory(name="宁波自己的活动", region=region("330200"), participating_regions=[])
    page = login(county_user).get(reverse("admin:campaigns_workitem_changelist"))
    assert "看得见的活动" in page.text
    assert "宁波自己的活动" not in page.text
