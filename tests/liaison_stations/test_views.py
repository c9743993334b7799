"""Staff and deputy pages: lists, details, forms and transitions, always within the jurisdiction."""

import datetime

import pytest
from django.urls import reverse

from accounts.choices import Role
from core.models import Job
from liaison_stations.choices import OpinionStatus
from liaison_stations.models import OpinionItem, Reception, Station
from tests.factories import UserFactory, region

from .factories import (
    DeputyFactory,
    OpinionItemFactory,
    ReceptionFactory,
    StationFactory,
)

STATION_LIST = reverse("liaison_stations:station_list")
OPINION_LIST = reverse("liaison_stations:opinion_list")


@pytest.fixture
def ningbo_station(db):
    return StationFactory(name="鄞州下应站", region=region("330212001"))


def test_station_list_shows_only_stations_in_jurisdiction(login, county_user, ningbo_station):
    StationFactory(name="西溪站")
    html = login(county_user).get(STATION_LIST).content.decode()
    assert "西溪站" in html
    assert "鄞州下应站" not in html


def test_station_list_filters_by_township(login, city_user):
    StationFactory(name="西溪站", region=region("330106004"))
    StationFactory(name="翠苑站", region=region("330106005"))
    township = region("330106005")
    html = login(city_user).get(STATION_LIST, {"region": township.pk}).content.decode()
    assert "翠苑站" in html and "西溪站" not in html


def test_station_detail_of_another_jurisdiction_is_404(login, county_user, ningbo_station):
    response = login(county_user).get(reverse("liaison_stations:station_detail", args=[ningbo_station.pk]))
    assert response.status_code == 404


def test_station_detail_shows_its_deputies_receptions_items_and_qr(login, county_user):
    station = StationFactory(name="西溪站")
    deputy = DeputyFactory(person__name="周代表")
    station.deputies.add(deputy)
    ReceptionFactory(station=station, topics="加装电梯")
    OpinionItemFactory(station=station, title="路灯损坏")
    client = login(county_user)
    html = client.get(station.get_absolute_url()).content.decode()
    assert "周代表" in html and "加装电梯" in html and "路灯损坏" in html
    assert station.public_code in html

    qr = client.get(reverse("liaison_stations:station_qr", args=[station.pk]))
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content


def test_staff_creates_a_station_in_a_township_of_their_county(login, county_user):
    response = login(county_user).post(
        reverse("liaison_stations:station_create"),
        {
            "name": "翠苑街道代表联络站",
            "kind": "station",
            "region": region("330106005").pk,
            "address": "翠苑一区10号",
            "opening_hours": "每周五上午",
            "is_active": "on",
        },
    )
    station = Station.objects.get(name="翠苑街道代表联络站")
    assert response.status_code == 302 and response["Location"] == station.get_absolute_url()


def test_staff_cannot_create_a_station_in_another_county(login, county_user):
    response = login(county_user).post(
        reverse("liaison_stations:station_create"),
        {"name": "越权站", "kind": "station", "region": region("330212001").pk, "address": "x"},
    )
    assert response.status_code == 200  # the form is shown again: the region is not a valid choice
    assert not Station.objects.filter(name="越权站").exists()


def test_reception_is_recorded_with_named_visitors(login, county_user):
    station = StationFactory()
    deputy = DeputyFactory()
    response = login(county_user).post(
        reverse("liaison_stations:reception_create"),
        {
            "station": station.pk,
            "date": "2026-03-04",
            "deputies": [deputy.pk],
            "visitor_count": 8,
            "topics": "停车难",
            "visitors": "张三 13812345678\n李四",
        },
    )
    assert response.status_code == 302
    reception = Reception.objects.get()
    assert reception.visitor_count == 8
    assert list(reception.visitors.values_list("name", "phone")) == [("张三", "13812345678"), ("李四", "")]


def test_opinion_is_moved_through_the_flow_from_its_page(login, county_user):
    client = login(county_user)
    item = OpinionItemFactory()
    assert "transition-assign" in client.get(item.get_absolute_url()).content.decode()

    response = client.post(
        reverse("liaison_stations:opinion_transition", args=[item.pk, "assign"]), {"unit": "西湖区城管局"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == OpinionStatus.ASSIGNED and item.assigned_unit == "西湖区城管局"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "transition-handle" in page and "transition-assign" not in page


def test_a_stale_transition_form_shows_a_clear_error(login, county_user):
    client = login(county_user)
    item = OpinionItemFactory(status=OpinionStatus.ASSIGNED)
    response = client.post(
        reverse("liaison_stations:opinion_transition", args=[item.pk, "assign"]), {"unit": "城管局"}, follow=True
    )
    assert "当前状态为“已交办”，不能执行“交办”" in response.content.decode()


def test_work_queue_lists_due_and_overdue_items_only(login, county_user):
    today = datetime.date.today()
    OpinionItemFactory(title="已超期事项", step_due_date=today - datetime.timedelta(days=1))
    OpinionItemFactory(title="明天到期事项", step_due_date=today + datetime.timedelta(days=1))
    OpinionItemFactory(title="下月到期事项", step_due_date=today + datetime.timedelta(days=30))
    OpinionItemFactory(title="已办结事项", step_due_date=today - datetime.timedelta(days=5), status="closed")
    html = login(county_user).get(reverse("liaison_stations:opinion_queue")).content.decode()
    assert "已超期事项" in html and "明天到期事项" in html
    assert "下月到期事项" not in html and "已办结事项" not in html
    assert html.index("已超期事项") < html.index("明天到期事项")


def test_overdue_filter_on_the_opinion_list(login, county_user):
    today = datetime.date.today()
    OpinionItemFactory(title="已超期事项", step_due_date=today - datetime.timedelta(days=1))
    OpinionItemFactory(title="未到期事项", step_due_date=today + datetime.timedelta(days=9))
    html = login(county_user).get(OPINION_LIST, {"due": "overdue"}).content.decode()
    assert "已超期事项" in html and "未到期事项" not in html


def test_deputy_sees_only_items_assigned_to_them(login, db):
    deputy_user = UserFactory(role=Role.DEPUTY, region=None)
    deputy = DeputyFactory(person__user=deputy_user)
    OpinionItemFactory(title="交给我的", assigned_deputy=deputy, status=OpinionStatus.ASSIGNED)
    OpinionItemFactory(title="别人的")
    client = login(deputy_user)
    html = client.get(reverse("liaison_stations:opinion_mine")).content.decode()
    assert "交给我的" in html and "别人的" not in html
    other = OpinionItem.objects.get(title="别人的")
    assert client.get(other.get_absolute_url()).status_code == 404
    mine = OpinionItem.objects.get(title="交给我的")
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "transition-handle" in page


def test_export_of_the_filtered_list_runs_as_a_job(login, county_user, django_capture_on_commit_callbacks):
    OpinionItemFactory(title="导出事项")
    OpinionItemFactory(title="其他类别", category="health")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(county_user).post(f"{OPINION_LIST}?category=urban", {"export": "xlsx"})
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert job.result["rows"] == 1


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_rows(n: int) -> None:
    for _ in range(n):
        station = StationFactory()
        station.deputies.add(DeputyFactory())
        reception = ReceptionFactory(station=station)
        reception.deputies.add(DeputyFactory(), DeputyFactory())
        OpinionItemFactory(station=station, assigned_deputy=DeputyFactory())


@pytest.mark.parametrize(
    "name", ["station_list", "reception_list", "opinion_list", "opinion_queue", "evaluation_list", "problem_list"]
)
def test_list_page_query_count_does_not_grow_with_rows(login, county_user, name):
    url = reverse(f"liaison_stations:{name}")
    client = login(county_user)
    _add_rows(1)
    client.get(url)  # warm per-session caches
    few = _queries(client, url)
    _add_rows(5)
    assert _queries(client, url) == few


@pytest.mark.parametrize(
    "name",
    [
        "station_list",
        "station_create",
        "reception_list",
        "reception_create",
        "opinion_list",
        "opinion_queue",
        "opinion_create",
        "solicitation_list",
        "solicitation_create",
        "consultation_list",
        "consultation_create",
        "evaluation_list",
        "evaluation_self",
        "indicator_set_create",
        "inspection_list",
        "inspection_create",
        "problem_list",
    ],
)
def test_every_staff_page_opens(login, county_user, name):
    assert login(county_user).get(reverse(f"liaison_stations:{name}")).status_code == 200


def test_staff_pages_are_closed_to_anonymous_visitors(client, db):
    response = client.get(STATION_LIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_indicator_set_and_self_evaluation_through_the_pages(login, city_user):
    client = login(city_user)
    response = client.post(
        reverse("liaison_stations:indicator_set_create"),
        {
            "region": region("330100").pk,
            "year": 2026,
            "name": "杭州市站点评价",
            "indicators": "阵地建设 40\n代表进站 60",
        },
    )
    assert response.status_code == 302
    station = StationFactory(name="西溪站")
    page = client.get(response["Location"]).content.decode()
    assert "阵地建设" in page and "40" in page
    from liaison_stations.models import EvaluationIndicatorSet

    indicator_set = EvaluationIndicatorSet.objects.get()
    first, second = indicator_set.indicators.all()
    response = client.post(
        f"{reverse('liaison_stations:evaluation_self')}?set={indicator_set.pk}",
        {"station": station.pk, "year": 2026, "quarter": 1, f"score_{first.pk}": 90, f"score_{second.pk}": 80},
    )
    assert response.status_code == 302
    html = client.get(reverse("liaison_stations:evaluation_list")).content.decode()
    assert "西溪站" in html and "84.00" in html

    bad = client.post(
        reverse("liaison_stations:indicator_set_create"),
        {"region": region("330100").pk, "year": 2027, "name": "x", "indicators": "a 50\nb 40"},
    )
    assert "权重之和应为100" in bad.content.decode()


def test_solicitation_page_records_a_station_opinion(login, county_user):
    from .factories import SolicitationFactory

    station = StationFactory(name="西溪站")
    solicitation = SolicitationFactory(title="物业管理条例（草案）")
    solicitation.stations.add(station)
    client = login(county_user)
    response = client.post(
        solicitation.get_absolute_url(),
        {"station": station.pk, "clause": "第十条", "content": "建议明确业委会职责", "contributor_count": 3},
    )
    assert response.status_code == 302
    html = client.get(solicitation.get_absolute_url()).content.decode()
    assert "建议明确业委会职责" in html and "第十条" in html


def test_a_deputy_sees_the_receptions_they_attended_only(db):
    from liaison_stations.models import Reception as ReceptionModel

    deputy_user = UserFactory(role=Role.DEPUTY, region=None)
    deputy = DeputyFactory(person__user=deputy_user)
    attended = ReceptionFactory()
    attended.deputies.add(deputy, DeputyFactory())
    ReceptionFactory()
    assert list(ReceptionModel.objects.visible_to(deputy_user)) == [attended]


def test_consultation_is_recorded_from_its_page(login, county_user):
    station = StationFactory()
    response = login(county_user).post(
        reverse("liaison_stations:consultation_create"),
        {
            "station": station.pk,
            "date": "2026-05-06",
            "body_kind": "court",
            "body_name": "西湖区人民法院",
            "topic": "诉源治理进站",
            "participant_count": 20,
        },
    )
    assert response.status_code == 302
    html = login(county_user).get(reverse("liaison_stations:consultation_list")).content.decode()
    assert "诉源治理进站" in html


@pytest.mark.parametrize(
    "model", ["station", "reception", "opinionitem", "consultation", "stationevaluation", "inspectionproblem"]
)
def test_admin_lists_only_records_in_jurisdiction(login, county_user, other_county_user, model):
    StationFactory(name="西溪测试站")
    OpinionItemFactory(title="西溪测试事项")
    url = reverse(f"admin:liaison_stations_{model}_changelist")
    assert login(county_user).get(url).status_code == 200
    html = login(other_county_user).get(url).content.decode()
    assert "西溪测试站" not in html and "西溪测试事项" not in html


def test_admin_creates_a_station_through_the_service(login, county_user):
    deputy = DeputyFactory()
    response = login(county_user).post(
        reverse("admin:liaison_stations_station_add"),
        {
            "name": "后台新建站",
            "kind": "station",
            "region": region("330106005").pk,
            "address": "翠苑一区",
            "is_active": "on",
            "deputies": [deputy.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Station.objects.get(name="后台新建站").deputies.all()) == [deputy]
