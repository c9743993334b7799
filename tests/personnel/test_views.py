"""Pages: lists, details with history, step forms, printable documents, scoping, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from personnel import services
from personnel.choices import AppointmentStatus, Grade
from personnel.models import AppointmentCase
from tests.personnel.factories import (
    AppointmentCaseFactory,
    CommitteeMemberFactory,
    DutyReportFactory,
    ReviewPlanFactory,
    SessionFactory,
    congress_for,
)
from tests.personnel.test_appointments import approved_case
from tests.personnel.test_duty_reports import evaluating_report, member_user

pytestmark = pytest.mark.django_db

D = datetime.date


def test_home_lists_the_three_kinds_of_work(login, province_user):
    AppointmentCaseFactory(nominee_name="陈晓东")
    DutyReportFactory(person_name="林静")
    ReviewPlanFactory(title="2026年度市政府部门负责人履职评议")
    page = login(province_user).get(reverse("personnel:home")).content.decode()
    assert "陈晓东" in page and "林静" in page and "2026年度市政府部门负责人履职评议" in page


def test_staff_see_only_cases_of_their_jurisdiction(login, province_user, city_user, other_county_user):
    AppointmentCaseFactory(nominee_name="省级人选")
    hz = AppointmentCaseFactory(nominee_name="杭州人选", congress=congress_for("330100"))
    url = reverse("personnel:case_list")

    assert "杭州人选" in login(province_user).get(url).content.decode()
    page = login(city_user).get(url).content.decode()
    assert "杭州人选" in page and "省级人选" not in page
    client = login(other_county_user)
    assert "杭州人选" not in client.get(url).content.decode()
    assert client.get(reverse("personnel:case_detail", args=[hz.pk])).status_code == 404
    assert client.post(reverse("personnel:case_step", args=[hz.pk, "withdraw"]), {"note": "x"}).status_code == 404


def test_filtering_the_case_list_by_status(login, province_user):
    AppointmentCaseFactory(nominee_name="甲", status=AppointmentStatus.SWORN)
    AppointmentCaseFactory(nominee_name="乙")
    page = login(province_user).get(reverse("personnel:case_list"), {"status": "sworn"}).content.decode()
    assert "甲" in page and ">乙<" not in page


def test_registering_a_case_and_recording_its_exam_through_the_pages(login, province_user):
    client = login(province_user)
    congress = congress_for("330000")
    response = client.post(
        reverse("personnel:case_create"),
        {
            "congress": congress.pk,
            "nominee_name": "何志强",
            "nominee_gender": "male",
            "post": "浙江省审计厅厅长",
            "nominating_body": "government",
            "submitted_on": "2026-04-01",
        },
    )
    case = AppointmentCase.objects.get(nominee_name="何志强")
    assert response.url == case.get_absolute_url()
    client.post(
        reverse("personnel:case_step", args=[case.pk, "exam"]),
        {"exam_date": "2026-04-10", "score": "91", "pass_mark": "60"},
    )
    page = client.get(case.get_absolute_url()).content.decode()
    assert "合格" in page and "91" in page
    assert "办理记录" in page


def test_the_exam_gate_shows_on_the_letter_form(login, province_user):
    case = approved_case(province_user, exam_score=None)
    response = login(province_user).post(
        reverse("personnel:case_step", args=[case.pk, "issue-letter"]),
        {"letter_number": "浙人大常任〔2026〕9号", "issued_on": "2026-03-26"},
    )
    assert response.status_code == 200
    assert "尚未记录任前法律知识考试成绩，不能任命。" in response.content.decode()


def test_the_printable_letter_carries_its_number_and_a_print_stylesheet(login, province_user):
    case = approved_case(province_user)
    client = login(province_user)
    assert client.get(reverse("personnel:case_letter", args=[case.pk])).status_code == 404
    services.appointment_case_issue_letter(
        actor=province_user, case=case, letter_number="浙人大常任〔2026〕12号", issued_on=D(2026, 3, 26)
    )
    page = client.get(reverse("personnel:case_letter", args=[case.pk])).content.decode()
    assert "浙人大常任〔2026〕12号" in page
    assert "personnel/print.css" in page and "personnel/print.js" in page
    assert case.post in page
    assert "style=" not in page and "<script>" not in page


def test_a_member_casts_a_ballot_online_and_cannot_vote_again(client, province_user):
    report = evaluating_report(province_user)
    voter = member_user(report.congress)
    client.force_login(voter)
    url = reverse("personnel:report_ballot", args=[report.pk])
    assert "提交测评票" in client.get(url).content.decode()
    response = client.post(url, {"grade": Grade.COMPETENT}, follow=True)
    page = response.content.decode()
    assert "您已参加本次测评" in page
    assert "称职" not in page.split("您已参加本次测评")[1]  # the page does not echo the choice


def test_results_stay_hidden_while_members_vote_and_the_sheet_shows_shares(login, province_user):
    report = evaluating_report(province_user)
    services.evaluation_enter_paper_totals(
        actor=province_user, report=report, counts={"excellent": 3, "competent": 1, "basic": 0, "incompetent": 0}
    )
    client = login(province_user)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "测评结束后显示结果" in page and "75.0%" not in page
    assert client.get(reverse("personnel:report_sheet", args=[report.pk])).status_code == 404

    services.duty_report_close_evaluation(actor=province_user, report=report)
    sheet = client.get(reverse("personnel:report_sheet", args=[report.pk])).content.decode()
    assert "民主测评结果表" in sheet
    assert "75.0%" in sheet and "25.0%" in sheet and "100.0%" in sheet
    assert "personnel/print.css" in sheet


def test_the_plan_page_shows_the_ranking(login, province_user):
    plan = ReviewPlanFactory()
    item = services.review_plan_add_item(actor=province_user, plan=plan, name="工作实绩", max_score=Decimal("100"))
    a = services.review_plan_add_head(actor=province_user, plan=plan, name="甲", department="交通局", post="局长")
    b = services.review_plan_add_head(actor=province_user, plan=plan, name="乙", department="水利局", post="局长")
    services.review_plan_start_survey(actor=province_user, plan=plan)
    services.review_plan_start_scoring(actor=province_user, plan=plan)
    client = login(province_user)
    client.post(reverse("personnel:head_step", args=[a.pk, "scores"]), {f"item_{item.pk}": "80"})
    client.post(reverse("personnel:head_step", args=[b.pk, "scores"]), {f"item_{item.pk}": "92.5"})
    client.post(reverse("personnel:plan_step", args=[plan.pk, "rank"]))
    page = client.get(plan.get_absolute_url()).content.decode()
    assert page.index("水利局") < page.index("交通局")
    assert "92.5" in page and "已排名" in page


def _cases(n: int) -> None:
    session = SessionFactory()
    for _ in range(n):
        AppointmentCaseFactory(session=session, congress=session.congress)


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("personnel:case_list", _cases),
        ("personnel:report_list", lambda n: DutyReportFactory.create_batch(n)),
        ("personnel:plan_list", lambda n: ReviewPlanFactory.create_batch(n)),
        ("personnel:home", _cases),
        ("personnel:member_list", lambda n: CommitteeMemberFactory.create_batch(n, user=None)),
        ("personnel:session_list", lambda n: SessionFactory.create_batch(n)),
    ],
)
def test_list_pages_use_the_same_number_of_queries_for_3_and_30_rows(
    login, province_user, django_assert_num_queries, url_name, make
):
    client = login(province_user)
    make(3)
    client.get(reverse(url_name))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    make(27)
    with django_assert_num_queries(len(few)):
        assert client.get(reverse(url_name)).status_code == 200


def test_registering_a_session_and_seeing_the_roster(login, city_user):
    congress = congress_for("330100")
    CommitteeMemberFactory(congress=congress, name="冯建国")
    client = login(city_user)
    response = client.post(
        reverse("personnel:session_create"), {"congress": congress.pk, "number": 31, "held_on": "2026-12-24"}
    )
    assert response.url == reverse("personnel:session_list")
    assert "杭州市第十四届人民代表大会常务委员会第31次会议" in client.get(response.url).content.decode()
    again = client.post(
        reverse("personnel:session_create"), {"congress": congress.pk, "number": 31, "held_on": "2026-12-25"}
    )
    assert "该次会议已登记。" in again.content.decode()
    assert "冯建国" in client.get(reverse("personnel:member_list")).content.decode()
