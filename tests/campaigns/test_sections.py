import pytest
from django.urls import reverse

from core.sections import render_sections

from .factories import CampaignActivityFactory, CampaignFactory, ProblemItemFactory, WorkItemFactory, deputy_user

pytestmark = pytest.mark.django_db


def test_home_page_shows_campaign_counts_for_staff(login, county_user):
    campaign = CampaignFactory(name="双岗建功")
    WorkItemFactory(campaign=campaign)
    page = login(county_user).get(reverse("home"))
    assert "双岗建功" in page.text
    assert "主题活动四张清单" in page.text


def test_deputy_record_lists_the_deputys_activities_and_problems(province_user):
    user, deputy = deputy_user("330106")
    CampaignActivityFactory(deputies=[deputy], title="营商环境体验日")
    ProblemItemFactory(deputies=[deputy], title="窗口排队时间长")
    html = "".join(render_sections("deputy_record", deputy=deputy, user=province_user))
    assert "营商环境体验日" in html and "窗口排队时间长" in html
    mine = "".join(render_sections("deputy_record", deputy=deputy, user=user))
    assert "窗口排队时间长" in mine
