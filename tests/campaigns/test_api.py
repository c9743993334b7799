"""REST API: scoped lists, writes through services, domain errors as 400s."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import ProblemItem
from tests.factories import region

from .factories import (
    CampaignActivityFactory,
    CampaignFactory,
    DeputyFactory,
    LeadershipInstructionFactory,
    ProblemItemFactory,
    ResultItemFactory,
    SuggestionItemFactory,
    WorkItemFactory,
    chain,
    deputy_user,
)

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_filtered(api_login, county_user):
    campaign = CampaignFactory()
    WorkItemFactory(campaign=campaign, region=region("330106"), title="西湖工作")
    WorkItemFactory(campaign=campaign, region=region("330212"), title="鄞州工作")
    WorkItemFactory(region=region("330106"), title="别的活动")
    response = api_login(county_user).get("/api/campaign-work-items/", {"campaign": campaign.pk})
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["西湖工作"]


def test_create_suggestion_across_campaigns_is_a_400(api_login, county_user):
    campaign = CampaignFactory()
    foreign = ProblemItemFactory(campaign=CampaignFactory())
    response = api_login(county_user).post(
        "/api/campaign-suggestions/",
        {"campaign": campaign.pk, "region": "330106", "title": "建议", "problems": [foreign.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert "关联的清单条目必须属于同一主题活动。" in str(response.json())


def test_create_problem(api_login, county_user):
    campaign = CampaignFactory()
    work = WorkItemFactory(campaign=campaign)
    deputy = DeputyFactory()
    response = api_login(county_user).post(
        "/api/campaign-problems/",
        {
            "campaign": campaign.pk,
            "region": "330106",
            "title": "路灯不亮",
            "work_item": work.pk,
            "deputies": [deputy.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert ProblemItem.objects.get(title="路灯不亮").work_item == work


def test_deputy_reports_through_the_api_under_their_own_mandate_only(api_login):
    user, deputy = deputy_user("330106")
    other = DeputyFactory()
    campaign = CampaignFactory()
    client = api_login(user)
    response = client.post(
        "/api/campaign-problems/",
        {"campaign": campaign.pk, "title": "学校门口拥堵", "deputies": [deputy.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = client.post(
        "/api/campaign-problems/", {"campaign": campaign.pk, "title": "冒名", "deputies": [other.pk]}, format="json"
    )
    assert response.status_code == 400
    assert client.post(
        "/api/campaign-work-items/", {"campaign": campaign.pk, "region": "330106", "title": "x"}, format="json"
    ).status_code in (400, 403)


def test_deleting_a_depended_on_problem_is_refused(api_login, county_user):
    _work, problem, _suggestion, _result = chain()
    response = api_login(county_user).delete(f"/api/campaign-problems/{problem.pk}/")
    assert response.status_code == 400
    assert "该问题已形成建议" in response.json()["detail"]


def test_other_county_gets_404_for_an_item_it_cannot_see(api_login, other_county_user):
    problem = ProblemItemFactory()
    assert api_login(other_county_user).get(f"/api/campaign-problems/{problem.pk}/").status_code == 404


def test_chain_and_counts_endpoints(api_login, province_user):
    work, problem, _suggestion, result = chain()
    client = api_login(province_user)
    data = client.get(f"/api/campaign-results/{result.pk}/chain/").json()
    assert [row["id"] for row in data["upstream"]["problem"]] == [problem.pk]
    counts = client.get(f"/api/campaigns/{work.campaign_id}/counts/", {"region": "330100"}).json()
    assert counts["totals"] == {"work": 1, "problem": 1, "suggestion": 1, "result": 1}
    assert {row["name"]: row["counts"]["problem"] for row in counts["rows"]}["西湖区"] == 1


def test_campaign_year_filter(api_login, province_user):
    CampaignFactory(name="2024年活动")
    client = api_login(province_user)
    assert [c["name"] for c in client.get("/api/campaigns/", {"year": "2024"}).json()["results"]] == ["2024年活动"]
    assert client.get("/api/campaigns/", {"year": "0.0"}).status_code == 400


def test_counts_of_a_malformed_or_unknown_campaign_is_a_404(api_login, province_user):
    client = api_login(province_user)
    assert client.get("/api/campaigns/null,null/counts/").status_code == 404
    campaign = CampaignFactory()
    assert client.get(f"/api/campaigns/{campaign.pk}/counts/", {"region": "440000"}).status_code == 404


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/campaigns/", lambda c: CampaignFactory()),
        ("/api/campaign-work-items/", lambda c: WorkItemFactory(campaign=c)),
        ("/api/campaign-problems/", lambda c: ProblemItemFactory(campaign=c, deputies=[DeputyFactory()])),
        (
            "/api/campaign-suggestions/",
            lambda c: SuggestionItemFactory(campaign=c, problems=[ProblemItemFactory(campaign=c)]),
        ),
        ("/api/campaign-results/", lambda c: ResultItemFactory(campaign=c)),
        ("/api/campaign-activities/", lambda c: CampaignActivityFactory(campaign=c, deputies=[DeputyFactory()])),
        ("/api/campaign-instructions/", lambda c: LeadershipInstructionFactory(campaign=c)),
    ],
)
def test_api_lists_do_not_grow_queries_with_rows(api_login, province_user, url, make):
    campaign = CampaignFactory()
    client = api_login(province_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for _ in range(3):
        make(campaign)
    few = queries()
    for _ in range(27):
        make(campaign)
    assert queries() == few
