"""Pages: what staff and deputies see and can do."""

import pytest
from django.urls import reverse

from campaigns.models import ProblemItem, WorkItem
from core.models import Job
from tests.factories import region

from .factories import (
    CampaignActivityFactory,
    CampaignFactory,
    LeadershipInstructionFactory,
    ProblemItemFactory,
    ResultItemFactory,
    SuggestionItemFactory,
    WorkItemFactory,
    chain,
    deputy_user,
)

pytestmark = pytest.mark.django_db


def test_campaign_list_shows_visible_campaigns_only(login, county_user):
    CampaignFactory(name="全省双岗建功", participating_regions=[region("330100")])
    CampaignFactory(name="宁波市活动", region=region("330200"), participating_regions=[])
    response = login(county_user).get(reverse("campaigns:campaign_list"))
    assert response.status_code == 200
    assert "全省双岗建功" in response.text
    assert "宁波市活动" not in response.text


def test_campaign_page_counts_and_drills_down(login, province_user):
    campaign = CampaignFactory(participating_regions=[region("330100")])
    for _ in range(3):
        WorkItemFactory(campaign=campaign, region=region("330106"))
    WorkItemFactory(campaign=campaign, region=region("330212"))
    CampaignActivityFactory(campaign=campaign, person_times=87, problems_reported=20)
    client = login(province_user)

    page = client.get(campaign.get_absolute_url())
    assert page.status_code == 200
    rows = {row.label: row for row in page.context["counts"].rows}
    assert rows["杭州市"].counts["work"] == 3
    assert rows["宁波市"].counts["work"] == 1
    assert "?region=330100" in page.text  # the city row drills down
    assert page.context["counts"].person_times == 87

    hangzhou = client.get(campaign.get_absolute_url(), {"region": "330100"})
    rows = {row.label: row for row in hangzhou.context["counts"].rows}
    assert rows["西湖区"].counts["work"] == 3
    assert "宁波市" not in rows
    assert [r.name for r in hangzhou.context["breadcrumb"]] == ["浙江省", "杭州市"]


def test_campaign_page_shows_sub_activity_participation(login, county_user):
    campaign = CampaignFactory()
    sub = CampaignFactory(parent=campaign, name="营商环境宣传员体验员")
    CampaignActivityFactory(campaign=sub, person_times=40, problems_reported=9)
    CampaignActivityFactory(campaign=sub, person_times=2, problems_reported=1)
    CampaignActivityFactory(campaign=sub, region=region("330212"), person_times=500)  # out of scope
    page = login(county_user).get(campaign.get_absolute_url())
    assert "营商环境宣传员体验员" in page.text
    assert "代表参加 42 人次，开展活动 2 场，反映问题 10 个" in page.text


def test_campaign_page_of_an_invisible_campaign_is_404(login, other_county_user):
    campaign = CampaignFactory(region=region("330100"), participating_regions=[])
    assert login(other_county_user).get(campaign.get_absolute_url()).status_code == 404


def test_item_pages_show_the_chain_both_ways(login, county_user):
    work, problem, suggestion, result = chain()
    client = login(county_user)
    page = client.get(problem.get_absolute_url())
    assert page.status_code == 200
    assert work.title in page.text and suggestion.title in page.text and result.title in page.text
    page = client.get(result.get_absolute_url())
    assert work.title in page.text and problem.title in page.text and suggestion.title in page.text


def test_staff_add_a_problem_through_the_form(login, county_user):
    campaign = CampaignFactory()
    work = WorkItemFactory(campaign=campaign)
    response = login(county_user).post(
        reverse("campaigns:problem_create", args=[campaign.pk]),
        {"region": region("330106").pk, "work_item": work.pk, "title": "夜间施工扰民", "found_on": "2024-05-01"},
    )
    problem = ProblemItem.objects.get(title="夜间施工扰民")
    assert response.status_code == 302 and response.url == problem.get_absolute_url()
    assert problem.work_item == work


def test_work_item_form_does_not_offer_another_campaigns_items(login, county_user):
    campaign = CampaignFactory()
    foreign = WorkItemFactory(campaign=CampaignFactory(), title="别的活动的工作")
    response = login(county_user).post(
        reverse("campaigns:problem_create", args=[campaign.pk]),
        {"region": region("330106").pk, "work_item": foreign.pk, "title": "问题", "found_on": "2024-05-01"},
    )
    assert response.status_code == 200
    assert "work_item" in response.context["form"].errors
    assert not ProblemItem.objects.filter(campaign=campaign).exists()


def test_staff_add_a_work_item(login, county_user):
    campaign = CampaignFactory()
    client = login(county_user)
    assert client.get(reverse("campaigns:work_create", args=[campaign.pk])).status_code == 200
    client.post(
        reverse("campaigns:work_create", args=[campaign.pk]),
        {"region": region("330106").pk, "title": "开展营商环境体验", "responsible_unit": "西湖区人大常委会"},
    )
    assert WorkItem.objects.filter(campaign=campaign, title="开展营商环境体验").exists()


def test_deputy_reports_their_own_problem_through_the_web_form(login):
    user, deputy = deputy_user("330106")
    campaign = CampaignFactory(participating_regions=[region("330100")])
    client = login(user)
    assert client.get(reverse("campaigns:problem_report", args=[campaign.pk])).status_code == 200
    response = client.post(
        reverse("campaigns:problem_report", args=[campaign.pk]),
        {"deputy": deputy.pk, "title": "小微企业融资难", "description": "多家企业反映贷款审批慢。"},
    )
    assert response.status_code == 302
    problem = ProblemItem.objects.get(title="小微企业融资难")
    assert list(problem.deputies.all()) == [deputy]
    mine = client.get(reverse("campaigns:problem_list"))
    assert "小微企业融资难" in mine.text


def test_deputy_cannot_pick_another_deputys_mandate(login):
    user, _deputy = deputy_user("330106")
    _other_user, other = deputy_user("330106")
    campaign = CampaignFactory(participating_regions=[region("330100")])
    response = login(user).post(
        reverse("campaigns:problem_report", args=[campaign.pk]), {"deputy": other.pk, "title": "冒名问题"}
    )
    assert response.status_code == 200
    assert "deputy" in response.context["form"].errors
    assert not ProblemItem.objects.filter(title="冒名问题").exists()


def test_deputies_cannot_use_staff_forms(login):
    user, _deputy = deputy_user("330106")
    campaign = CampaignFactory(participating_regions=[region("330100")])
    assert login(user).get(reverse("campaigns:work_create", args=[campaign.pk])).status_code == 403


def test_deleting_a_problem_a_suggestion_depends_on_shows_why(login, county_user):
    _work, problem, suggestion, _result = chain()
    client = login(county_user)
    confirm = client.get(reverse("campaigns:problem_delete", args=[problem.pk]))
    assert "不能删除" in confirm.text and suggestion.title in confirm.text
    response = client.post(reverse("campaigns:problem_delete", args=[problem.pk]), follow=True)
    assert "该问题已形成建议" in response.text
    assert ProblemItem.objects.filter(pk=problem.pk).exists()


def test_deleting_a_free_problem(login, county_user):
    problem = ProblemItemFactory()
    response = login(county_user).post(reverse("campaigns:problem_delete", args=[problem.pk]))
    assert response.status_code == 302
    assert not ProblemItem.objects.filter(pk=problem.pk).exists()


def test_campaign_export_runs_as_a_job_with_one_sheet_per_list(login, county_user, django_capture_on_commit_callbacks):
    import io

    import openpyxl

    campaign = CampaignFactory()
    chain(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(county_user).post(reverse("campaigns:campaign_export", args=[campaign.pk]))
    job = Job.objects.get(owner=county_user)
    assert response.url == reverse("core:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    book = openpyxl.load_workbook(io.BytesIO(job.result_file.read()))
    assert book.sheetnames[:4] == ["工作清单", "问题清单", "建议清单", "成果清单"]
    assert book["问题清单"]["B2"].value == "企业开办审批环节多"


def test_list_export_respects_the_filter(login, county_user, django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    WorkItemFactory(campaign=campaign, title="要导出的")
    WorkItemFactory(title="别的活动")
    with django_capture_on_commit_callbacks(execute=True):
        login(county_user).post(f"{reverse('campaigns:work_list')}?campaign={campaign.pk}", {"export": "xlsx"})
    job = Job.objects.get(owner=county_user)
    assert job.status == "succeeded", job.message
    assert job.result["rows"] == 1
    assert job.result_file.name.endswith(".xlsx")


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("campaigns:work_list", lambda c: WorkItemFactory(campaign=c)),
        ("campaigns:problem_list", lambda c: ProblemItemFactory(campaign=c, deputies=[])),
        (
            "campaigns:suggestion_list",
            lambda c: SuggestionItemFactory(campaign=c, problems=[ProblemItemFactory(campaign=c)]),
        ),
        ("campaigns:result_list", lambda c: ResultItemFactory(campaign=c)),
        ("campaigns:activity_list", lambda c: CampaignActivityFactory(campaign=c)),
        ("campaigns:instruction_list", lambda c: LeadershipInstructionFactory(campaign=c)),
        ("campaigns:campaign_list", lambda c: CampaignFactory()),
    ],
)
def test_list_pages_do_not_grow_queries_with_rows(login, county_user, django_assert_num_queries, url_name, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import DeputyFactory

    campaign = CampaignFactory(participating_regions=[region("330100")])
    client = login(county_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx)

    for _ in range(3):
        row = make(campaign)
        if url_name == "campaigns:problem_list":
            row.deputies.set([DeputyFactory()])
    few = queries()
    for _ in range(27):
        row = make(campaign)
        if url_name == "campaigns:problem_list":
            row.deputies.set([DeputyFactory()])
    assert queries() == few


def test_staff_record_an_instructions_follow_up(login, province_user):
    instruction = LeadershipInstructionFactory()
    client = login(province_user)
    response = client.post(
        reverse("campaigns:instruction_follow_up", args=[instruction.pk]),
        {"follow_up": "已召开专题会议部署落实。", "followed_up_on": "2024-09-15"},
    )
    assert response.status_code == 302
    instruction.refresh_from_db()
    assert instruction.follow_up == "已召开专题会议部署落实。"
    listing = client.get(reverse("campaigns:instruction_list"), {"campaign": instruction.campaign_id})
    assert "已召开专题会议部署落实。" in listing.text


def test_each_staff_form_adds_its_record(login, province_user):
    from campaigns.models import Campaign, CampaignActivity, LeadershipInstruction, ResultItem, SuggestionItem

    from .factories import DeputyFactory

    campaign = CampaignFactory()
    work, problem, _suggestion, _result = chain(campaign)
    deputy = DeputyFactory()
    xihu = region("330106").pk
    client = login(province_user)
    posts = [
        ("campaigns:suggestion_create", {"region": xihu, "problems": [problem.pk], "title": "新建议"}, SuggestionItem),
        (
            "campaigns:result_create",
            {"region": xihu, "work_item": work.pk, "title": "新成果", "achieved_on": "2024-10-01"},
            ResultItem,
        ),
        (
            "campaigns:activity_create",
            {
                "region": xihu,
                "title": "新活动",
                "activity_type": "survey",
                "held_on": "2024-06-01",
                "deputies": [deputy.pk],
                "problems_reported": 2,
            },
            CampaignActivity,
        ),
        (
            "campaigns:instruction_create",
            {"leader_name": "李主任", "instructed_on": "2024-10-10", "text": "新批示", "report_title": "活动报告"},
            LeadershipInstruction,
        ),
    ]
    for url_name, data, model in posts:
        response = client.post(reverse(url_name, args=[campaign.pk]), data)
        assert response.status_code == 302, (url_name, response.context["form"].errors)
        assert model.objects.filter(campaign=campaign).count() >= 1
    assert CampaignActivity.objects.get(title="新活动").person_times == 1
    response = client.post(
        reverse("campaigns:campaign_create"),
        {
            "name": "新主题活动",
            "region": region("330000").pk,
            "start_date": "2025-01-01",
            "participating_regions": [region("330100").pk],
        },
    )
    assert response.status_code == 302
    assert Campaign.objects.get(name="新主题活动").participating_regions.count() == 1
