"""Solicitation, consultation, evaluation (weights, scores, ranking), inspection and reminders."""

import datetime
import zoneinfo
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.choices import Role
from core.exceptions import ApplicationError
from core.models import Job, Notification
from core.sections import render_sections
from liaison_stations import selectors, services
from liaison_stations.choices import OpinionStatus, ProblemStatus
from liaison_stations.models import InspectionProblem, OpinionReminder
from liaison_stations.tasks import opinion_send_reminders
from tests.factories import UserFactory, region

from .factories import (
    DeputyFactory,
    InspectionFactory,
    InspectionProblemFactory,
    OpinionItemFactory,
    ReceptionFactory,
    SolicitationFactory,
    StationFactory,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
INDICATORS = [{"name": "阵地建设", "weight": 40}, {"name": "活动开展", "weight": 60}]


# Solicitation
# ------------------------------------------------------------------------------


def test_solicitation_gathers_opinions_per_station_and_exports_a_summary(
    login, county_user, django_capture_on_commit_callbacks
):
    a, b = StationFactory(name="甲站"), StationFactory(name="乙站")
    today = datetime.date.today()
    solicitation = services.solicitation_create(
        actor=county_user,
        region=region("330106"),
        title="杭州市物业管理条例（修订草案）",
        kind="regulation",
        start_date=today,
        end_date=today + datetime.timedelta(days=30),
        stations=[a, b],
    )
    services.solicitation_opinion_add(actor=county_user, solicitation=solicitation, station=a, content="意见一")
    services.solicitation_opinion_add(
        actor=county_user, solicitation=solicitation, station=a, content="意见二", contributor_count=3
    )

    summary = {
        s.name: (s.opinion_count, s.contributor_total)
        for s in selectors.solicitation_summary(solicitation=solicitation, user=county_user)
    }
    assert summary == {"甲站": (2, 4), "乙站": (0, None)}

    with django_capture_on_commit_callbacks(execute=True):
        login(county_user).post(reverse("liaison_stations:solicitation_export", args=[solicitation.pk]))
    job = Job.objects.get()
    job.refresh_from_db()
    workbook = openpyxl.load_workbook(job.result_file.path)
    rows = {row[0]: row[1:] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert rows == {"甲站": ("西溪街道", 2, 4), "乙站": ("西溪街道", 0, 0)}
    assert workbook.worksheets[1].max_row == 3  # header and both opinions


def test_solicitation_opinions_only_at_chosen_stations_and_within_the_period(county_user):
    chosen, other = StationFactory(), StationFactory()
    solicitation = SolicitationFactory()
    solicitation.stations.add(chosen)
    with pytest.raises(ApplicationError, match="未列入"):
        services.solicitation_opinion_add(actor=county_user, solicitation=solicitation, station=other, content="x")
    solicitation.end_date = datetime.date.today() - datetime.timedelta(days=1)
    solicitation.save()
    with pytest.raises(ApplicationError, match="不在征求意见期内"):
        services.solicitation_opinion_add(actor=county_user, solicitation=solicitation, station=chosen, content="x")


def test_upper_level_solicitation_is_visible_to_staff_of_its_stations(province_user, county_user, other_county_user):
    solicitation = services.solicitation_create(
        actor=province_user,
        region=region("330000"),
        title="浙江省某条例（草案）",
        kind="regulation",
        start_date=datetime.date.today(),
        end_date=datetime.date.today() + datetime.timedelta(days=10),
        stations=[StationFactory()],
    )
    assert list(selectors.solicitation_list(user=county_user)) == [solicitation]
    assert list(selectors.solicitation_list(user=other_county_user)) == []


# Consultation
# ------------------------------------------------------------------------------


def test_consultation_is_recorded_at_a_station_in_scope(county_user, other_county_user):
    station = StationFactory()
    fields = {
        "station": station,
        "date": datetime.date(2026, 5, 6),
        "body_kind": "procuratorate",
        "body_name": "西湖区人民检察院",
        "topic": "公益诉讼线索征集",
        "participant_count": 15,
    }
    consultation = services.consultation_create(actor=county_user, **fields)
    assert consultation.station == station
    with pytest.raises(PermissionDenied):
        services.consultation_create(actor=other_county_user, **fields)


# Evaluation
# ------------------------------------------------------------------------------


def test_indicator_weights_must_add_up_to_100(city_user):
    with pytest.raises(ApplicationError, match="权重之和应为100，当前为90"):
        services.indicator_set_create(
            actor=city_user,
            region=region("330100"),
            year=2026,
            name="x",
            indicators=[{"name": "a", "weight": 40}, {"name": "b", "weight": 50}],
        )


def test_weighted_scores_and_ranking_within_the_filtered_region(city_user, county_user):
    indicator_set = services.indicator_set_create(
        actor=city_user, region=region("330100"), year=2026, name="杭州市2026年度站点评价", indicators=INDICATORS
    )
    first, second = indicator_set.indicators.all()
    xixi = StationFactory(name="西溪站", region=region("330106004"))
    cuiyuan = StationFactory(name="翠苑站", region=region("330106005"))
    gongshu = StationFactory(name="拱墅站", region=region("330105001"))
    # The county station uses the city's set (no county set for the year).
    evaluation = services.evaluation_self_score(
        actor=county_user, station=xixi, year=2026, quarter=1, scores={first.pk: 100, second.pk: 50}
    )
    assert evaluation.self_total == Decimal("70.00")  # 100*0.4 + 50*0.6

    services.evaluation_review_score(actor=city_user, evaluation=evaluation, scores={first.pk: 80, second.pk: 80})
    for station, score in ((cuiyuan, 90), (gongshu, 95)):
        e = services.evaluation_self_score(
            actor=city_user, station=station, year=2026, quarter=1, scores={first.pk: score, second.pk: score}
        )
        services.evaluation_review_score(actor=city_user, evaluation=e, scores={first.pk: score, second.pk: score})

    city_ranking = [(e.station.name, e.rank) for e in selectors.evaluation_ranking(user=city_user)]
    assert city_ranking == [("拱墅站", 1), ("翠苑站", 2), ("西溪站", 3)]
    xihu_ranking = [(e.station.name, e.rank) for e in selectors.evaluation_ranking(user=county_user)]
    assert xihu_ranking == [("翠苑站", 1), ("西溪站", 2)]


def test_self_evaluation_is_locked_once_reviewed(city_user, county_user):
    indicator_set = services.indicator_set_create(
        actor=city_user, region=region("330100"), year=2026, name="x", indicators=INDICATORS
    )
    first, second = indicator_set.indicators.all()
    station = StationFactory()
    e = services.evaluation_self_score(
        actor=county_user, station=station, year=2026, quarter=2, scores={first.pk: 60, second.pk: 60}
    )
    services.evaluation_review_score(actor=city_user, evaluation=e, scores={first.pk: 70, second.pk: 70})
    with pytest.raises(ApplicationError, match="不能再修改自评"):
        services.evaluation_self_score(
            actor=county_user, station=station, year=2026, quarter=2, scores={first.pk: 99, second.pk: 99}
        )
    with pytest.raises(ApplicationError, match="请为每一项指标打分"):
        services.evaluation_self_score(actor=county_user, station=station, year=2026, quarter=3, scores={first.pk: 9})


def test_evaluation_page_shows_the_ranking(login, city_user):
    indicator_set = services.indicator_set_create(
        actor=city_user, region=region("330100"), year=2026, name="x", indicators=INDICATORS
    )
    first, second = indicator_set.indicators.all()
    services.evaluation_self_score(
        actor=city_user, station=StationFactory(name="西溪站"), year=2026, quarter=1, scores={first.pk: 1, second.pk: 1}
    )
    html = login(city_user).get(reverse("liaison_stations:evaluation_list")).content.decode()
    assert "西溪站" in html and "1.00" in html


# Inspection
# ------------------------------------------------------------------------------


def test_problem_list_flags_overdue_problems_until_rectified(county_user):
    inspection = InspectionFactory(date=datetime.date(2026, 1, 10))
    late = InspectionProblemFactory(inspection=inspection, deadline=datetime.date(2026, 1, 31))
    InspectionProblemFactory(inspection=inspection, deadline=datetime.date(2026, 2, 28))
    with time_machine.travel(datetime.datetime(2026, 2, 1, 0, 30, tzinfo=SHANGHAI), tick=False):
        assert list(InspectionProblem.objects.overdue()) == [late]
        services.problem_update_status(
            actor=county_user, problem=late, status=ProblemStatus.RECTIFIED, rectification="已更换标识"
        )
        assert not InspectionProblem.objects.overdue().exists()
    late.refresh_from_db()
    assert late.rectified_on == datetime.date(2026, 2, 1)


def test_rectified_needs_a_description_and_stays_final(county_user):
    problem = InspectionProblemFactory()
    with pytest.raises(ApplicationError, match="请填写整改情况"):
        services.problem_update_status(actor=county_user, problem=problem, status=ProblemStatus.RECTIFIED)
    services.problem_update_status(
        actor=county_user, problem=problem, status=ProblemStatus.RECTIFIED, rectification="ok"
    )
    with pytest.raises(ApplicationError, match="已整改完成"):
        services.problem_update_status(actor=county_user, problem=problem, status=ProblemStatus.OPEN)


def test_inspection_page_lists_problems_and_adds_one(login, county_user):
    inspection = services.inspection_create(
        actor=county_user, region=region("330106"), title="联络站专项督查", date=datetime.date(2026, 4, 1), stations=[]
    )
    station = StationFactory(name="西溪站")
    client = login(county_user)
    response = client.post(
        inspection.get_absolute_url(),
        {
            "station": station.pk,
            "category": "facility",
            "description": "接待场所面积不足",
            "owner": "西溪街道",
            "deadline": "2026-05-01",
        },
    )
    assert response.status_code == 302
    html = client.get(inspection.get_absolute_url()).content.decode()
    assert "接待场所面积不足" in html and "已超期" in html  # deadline in the past
    refused = client.post(
        inspection.get_absolute_url(),
        {"station": station.pk, "category": "facility", "description": "x", "owner": "y", "deadline": "2026-03-01"},
    )
    assert "整改期限不能早于检查日期" in refused.content.decode()


# Reminders
# ------------------------------------------------------------------------------


def test_reminders_reach_the_responsible_users_once_a_day(county_user):
    deputy_user = UserFactory(role=Role.DEPUTY, region=None)
    deputy = DeputyFactory(person__user=deputy_user)
    with time_machine.travel(datetime.datetime(2026, 2, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        OpinionItemFactory(title="超期待交办", step_due_date=datetime.date(2026, 1, 31))
        OpinionItemFactory(
            title="代表承办",
            status=OpinionStatus.ASSIGNED,
            assigned_deputy=deputy,
            step_due_date=datetime.date(2026, 2, 2),
        )
        OpinionItemFactory(title="远期", step_due_date=datetime.date(2026, 3, 1))

        assert opinion_send_reminders() == 2
        assert opinion_send_reminders() == 0  # same day: nothing new

        assert list(Notification.objects.filter(recipient=county_user).values_list("title", flat=True)) == [
            "民情民意“超期待交办”已超期（期限2026-01-31）"
        ]
        assert Notification.objects.filter(recipient=deputy_user, title__contains="即将到期").count() == 1
        assert OpinionReminder.objects.count() == 2

    with time_machine.travel(datetime.datetime(2026, 2, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert opinion_send_reminders() == 2  # a new day brings a new reminder


# Sections
# ------------------------------------------------------------------------------


def test_home_section_shows_overdue_count_to_staff_and_assigned_items_to_deputies(county_user):
    OpinionItemFactory(step_due_date=datetime.date.today() - datetime.timedelta(days=1))
    staff_html = "".join(render_sections("home", user=county_user))
    assert 'data-testid="overdue-count">1<' in staff_html

    deputy_user = UserFactory(role=Role.DEPUTY, region=None)
    deputy = DeputyFactory(person__user=deputy_user)
    OpinionItemFactory(title="请代表办理", assigned_deputy=deputy, status=OpinionStatus.ASSIGNED)
    assert "请代表办理" in "".join(render_sections("home", user=deputy_user))


def test_deputy_record_section_counts_receptions_and_items(county_user):
    deputy = DeputyFactory()
    reception = ReceptionFactory(visitor_count=7)
    reception.deputies.add(deputy)
    OpinionItemFactory(assigned_deputy=deputy, title="代表承办事项")
    html = "".join(render_sections("deputy_record", user=county_user, deputy=deputy))
    assert "进站接待 1 次，接待群众 7 人次" in html and "代表承办事项" in html
