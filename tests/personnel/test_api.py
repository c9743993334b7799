"""REST API: scoped lists with filters, steps as actions, secret ballots, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from personnel.choices import Grade
from personnel.models import AppointmentCase
from tests.personnel.factories import (
    AppointmentCaseFactory,
    DutyReportFactory,
    ReviewPlanFactory,
    SessionFactory,
    congress_for,
)
from tests.personnel.test_duty_reports import evaluating_report, member_user

pytestmark = pytest.mark.django_db

CASES = "/api/personnel/appointment-cases/"
REPORTS = "/api/personnel/duty-reports/"
PLANS = "/api/personnel/review-plans/"


def test_the_case_list_is_scoped_and_filtered(api_login, city_user):
    AppointmentCaseFactory(nominee_name="省级人选")
    AppointmentCaseFactory(nominee_name="杭州甲", congress=congress_for("330100"), status="sworn")
    AppointmentCaseFactory(nominee_name="杭州乙", congress=congress_for("330100"))
    client = api_login(city_user)

    names = {row["nominee_name"] for row in client.get(CASES).json()["results"]}
    assert names == {"杭州甲", "杭州乙"}
    filtered = client.get(CASES, {"status": "sworn"}).json()["results"]
    assert [row["nominee_name"] for row in filtered] == ["杭州甲"]
    other = AppointmentCase.objects.get(nominee_name="省级人选")
    assert client.get(f"{CASES}{other.pk}/").status_code == 404


def test_a_case_is_filed_and_moved_through_the_api_and_the_exam_gate_answers_400(api_login, province_user):
    client = api_login(province_user)
    congress = congress_for("330000")
    session = SessionFactory(congress=congress)
    response = client.post(
        CASES,
        {
            "congress": congress.pk,
            "nominee_name": "孙丽萍",
            "nominee_gender": "female",
            "post": "浙江省民政厅厅长",
            "nominating_body": "government",
            "submitted_on": "2026-03-10",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.post(f"{CASES}{pk}/submit/", {"session": session.pk}, format="json").status_code == 200
    vote = {"vote_date": "2026-03-26", "members_total": 60, "votes_for": 58, "votes_against": 0, "votes_abstain": 1}
    assert client.post(f"{CASES}{pk}/vote/", vote, format="json").json()["status"] == "approved"

    refused = client.post(f"{CASES}{pk}/issue-letter/", {"letter_number": "1号", "issued_on": "2026-03-26"})
    assert refused.status_code == 400
    assert refused.json() == {"detail": "尚未记录任前法律知识考试成绩，不能任命。"}

    client.post(f"{CASES}{pk}/exam/", {"exam_date": "2026-03-20", "score": "80", "pass_mark": "60"})
    issued = client.post(f"{CASES}{pk}/issue-letter/", {"letter_number": "1号", "issued_on": "2026-03-26"})
    assert issued.json()["status"] == "appointed"
    assert [e["to_status"] for e in issued.json()["events"]][-1] == "appointed"


def test_cases_cannot_be_edited_or_deleted_directly(api_login, province_user):
    case = AppointmentCaseFactory()
    client = api_login(province_user)
    assert client.patch(f"{CASES}{case.pk}/", {"status": "sworn"}, format="json").status_code == 405
    assert client.delete(f"{CASES}{case.pk}/").status_code == 405


def test_a_ballot_through_the_api_says_nothing_about_the_choice(api_login, province_user):
    report = evaluating_report(province_user)
    voter = member_user(report.congress)
    client = api_login(voter)
    response = client.post(f"{REPORTS}{report.pk}/ballot/", {"grade": Grade.BASIC})
    assert response.status_code == 204 and not response.content
    again = client.post(f"{REPORTS}{report.pk}/ballot/", {"grade": Grade.BASIC})
    assert again.status_code == 400 and "只能投一票" in again.json()["detail"]


def test_results_appear_in_the_api_once_the_evaluation_is_closed(api_login, province_user):
    report = evaluating_report(province_user)
    client = api_login(province_user)
    client.post(f"{REPORTS}{report.pk}/paper-totals/", {"excellent": 6, "competent": 2}, format="json")
    assert client.get(f"{REPORTS}{report.pk}/").json()["result"] is None
    closed = client.post(f"{REPORTS}{report.pk}/close-evaluation/").json()
    assert closed["result"]["total"] == 8
    shares = {row["grade"]: row["share"] for row in closed["result"]["grades"]}
    assert shares["excellent"] == pytest.approx(75.0) and shares["incompetent"] == pytest.approx(0.0)
    assert closed["result"]["approval_share"] == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("url", "make"),
    [
        (CASES, lambda n: AppointmentCaseFactory.create_batch(n)),
        (REPORTS, lambda n: DutyReportFactory.create_batch(n)),
        (PLANS, lambda n: ReviewPlanFactory.create_batch(n)),
        ("/api/personnel/sessions/", lambda n: SessionFactory.create_batch(n)),
    ],
)
def test_api_lists_use_the_same_number_of_queries_for_3_and_30_rows(
    api_login, province_user, django_assert_num_queries, url, make
):
    client = api_login(province_user)
    make(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).json()["count"] == 3
    make(27)
    with django_assert_num_queries(len(few)):
        assert client.get(url).json()["count"] == 30


def test_a_review_plan_is_run_through_the_api(api_login, province_user):
    client = api_login(province_user)
    congress = congress_for("330000")
    plan = client.post(
        PLANS, {"congress": congress.pk, "year": 2026, "title": "2026年度履职评议"}, format="json"
    ).json()
    url = f"{PLANS}{plan['id']}/"
    client.post(f"{url}add-item/", {"name": "工作实绩", "max_score": "100"}, format="json")
    for dept in ["教育厅", "民政厅"]:
        client.post(f"{url}add-head/", {"name": "某某", "department": dept, "post": "厅长"}, format="json")
    client.post(f"{url}start-survey/")
    plan = client.post(f"{url}start-scoring/").json()
    item = plan["items"][0]["id"]
    for head, score in zip(plan["heads"], ["70", "90"], strict=True):
        assert (
            client.post(f"{url}scores/", {"head": head["id"], "scores": {item: score}}, format="json").status_code
            == 200
        )
    ranked = client.post(f"{url}rank/").json()
    assert ranked["status"] == "ranked"
    assert sorted((h["rank"], h["department"]) for h in ranked["heads"]) == [(1, "民政厅"), (2, "教育厅")]
    low = next(h for h in ranked["heads"] if h["rank"] == 2)
    response = client.post(
        f"{url}rectification/",
        {"head": low["id"], "rectification_status": "required", "requirement": "限期整改"},
        format="json",
    )
    assert response.status_code == 200
    assert {h["rectification_status"] for h in response.json()["heads"]} == {"required", "not_required"}
