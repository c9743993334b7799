import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Job
from stats import services
from stats.metrics import AREAS, METRICS, SHARES, Share, register_area, register_share
from tests.factories import staff
from tests.stats.test_rollup import KEY, joined
from tests.stats.test_rollup import metric as metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(metric):
    register_area("test", "测试区块")
    register_share(
        Share(
            key="test_county_share",
            label="县级账号占比",
            area="test",
            numerator=KEY,
            numerator_subgroup="county_staff",
            denominator=KEY,
        )
    )
    yield
    AREAS.pop("test", None)
    SHARES.pop("test_county_share", None)


def test_province_dashboard_shows_figures_cities_and_when_computed(area, client, province_user):
    joined("330106", "2025-01-15")
    joined("330100", "2025-02-15")
    services.stats_rebuild(metric_keys=[KEY])
    client.force_login(province_user)
    page = client.get(reverse("stats:dashboard"), {"period": "year", "year": "2025"}).content.decode()
    assert 'data-metric="test_accounts_created">2<' in page
    assert 'data-share="test_county_share">50.0%<' in page  # recomputed from counts, not averaged
    assert "杭州市" in page and "宁波市" in page  # a row per city
    assert "数据计算于" in page


def test_drill_down_to_a_county_and_no_further_than_scope(area, client, city_user):
    joined("330106", "2025-01-15")
    services.stats_rebuild(metric_keys=[KEY])
    client.force_login(city_user)
    page = client.get(reverse("stats:dashboard"), {"region": "330106", "year": "2025"}).content.decode()
    assert 'data-metric="test_accounts_created">1<' in page
    assert client.get(reverse("stats:dashboard"), {"region": "330000"}).status_code == 404
    assert client.get(reverse("stats:dashboard"), {"region": "330212"}).status_code == 404


def test_dashboard_query_count_does_not_depend_on_records(area, client, province_user, django_assert_max_num_queries):
    for _ in range(30):
        joined("330106", "2025-01-15")
    services.stats_rebuild(metric_keys=[KEY])
    client.force_login(province_user)
    with django_assert_max_num_queries(12):
        client.get(reverse("stats:dashboard"), {"year": "2025"})


def test_dashboard_export_and_api(area, client, province_user, api_login):
    joined("330106", "2025-01-15")
    services.stats_rebuild(metric_keys=[KEY])
    client.force_login(province_user)
    response = client.post(reverse("stats:dashboard") + "?year=2025", {"export": "xlsx"})
    assert response.status_code == 302
    api = api_login(province_user)
    data = api.get("/api/stats/figures/", {"year": "2025"}).json()
    area_data = next(a for a in data["areas"] if a["key"] == "test")
    assert area_data["metrics"][0]["value"] == 1
    assert METRICS[KEY].label == "账号"


@pytest.mark.parametrize(
    "query",
    [
        {"year": "0"},
        {"year": "abc"},
        {"period": "quarter", "quarter": "9"},
        {"period": "custom", "start": "x", "end": ""},
    ],
)
def test_nonsense_periods_fall_back_to_sensible_ones(client, province_user, query):
    client.force_login(province_user)
    assert client.get(reverse("stats:dashboard"), query).status_code == 200


def test_figures_are_summed_once_per_rollup_and_a_new_rollup_shows_new_figures(area, client, province_user):
    joined("330106", "2025-01-15")
    services.stats_rebuild(metric_keys=[KEY])
    client.force_login(province_user)
    client.get(reverse("stats:dashboard"), {"year": "2025"})
    with CaptureQueriesContext(connection) as again:
        page = client.get(reverse("stats:dashboard"), {"year": "2025"}).content.decode()
    assert 'data-metric="test_accounts_created">1<' in page
    assert not [q for q in again.captured_queries if "stats_regionstat" in q["sql"]]

    joined("330106", "2025-01-20")
    services.stats_rebuild(metric_keys=[KEY])
    page = client.get(reverse("stats:dashboard"), {"year": "2025"}).content.decode()
    assert 'data-metric="test_accounts_created">2<' in page


@pytest.mark.parametrize("code", ["330000", "330100", "330106"])
def test_every_table_adds_up_to_the_total_shown_with_a_row_for_the_region_itself(area, code, api_login):
    """Records held at a province or city itself (its own accounts here) get a "本级" row."""
    joined("330000", "2025-03-01")  # the province's own
    joined("330100", "2025-03-02")  # the city's own
    joined("330106", "2025-03-03")
    joined("330106008", "2025-03-04")  # a township of the county
    joined("330212", "2025-03-05")
    services.stats_rebuild(metric_keys=[KEY])
    viewer = staff("330000", username="viewer")
    data = api_login(viewer).get("/api/stats/figures/", {"region": code, "period": "year", "year": "2025"}).json()
    for area_data in data["areas"]:
        for index, figure in enumerate(area_data["metrics"]):
            rows = area_data["children"]
            if rows:
                assert sum(row["values"][index] for row in rows) == figure["value"], (code, figure["key"])
    own = [row for area_data in data["areas"] for row in area_data["children"] if row["own"]]
    if code in ("330000", "330100"):
        assert own and own[0]["name"] == "本级" and own[0]["region"] == code


def test_each_figure_stands_beside_the_same_period_a_year_before(
    area, client, province_user, api_login, django_capture_on_commit_callbacks
):
    """As the annual report writes it: "比去年增加…"."""
    for when in ("2024-03-01", "2024-04-01"):
        joined("330106", when)
    for when in ("2025-03-01", "2025-04-01", "2025-05-01"):
        joined("330106", when)
    services.stats_rebuild(metric_keys=[KEY])
    data = api_login(province_user).get("/api/stats/figures/", {"region": "330000", "period": "year", "year": "2025"})
    figure = next(m for area_data in data.json()["areas"] for m in area_data["metrics"] if m["key"] == KEY)
    assert (figure["value"], figure["previous"], figure["change"], figure["change_share"]) == (3, 2, 1, 0.5)
    client.force_login(province_user)
    page = client.get(reverse("stats:dashboard"), {"period": "year", "year": "2025"}).content.decode()
    assert "上年同期 2，增加 1（50.0%）" in page

    for kind, row_of_last_year in (("xlsx", 2), ("report", None)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("stats:dashboard") + "?period=year&year=2025", {"export": kind})
        job = Job.objects.filter(owner=province_user).latest("pk")
        assert job.result_file, (job.status, job.message)
        sheet = openpyxl.load_workbook(io.BytesIO(job.result_file.read()))["测试区块"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header = next(i for i, row in enumerate(rows) if "地区" in row or "指标" in row)
        if row_of_last_year is not None:  # a "same period last year" row under the total
            assert rows[header + row_of_last_year][:2] == ["浙江省（上年同期）", 2]
        else:  # the yearly report: a "last year" column beside the region's own
            assert rows[header][2] == "上年"
            assert rows[header + 1][:3] == ["账号", 3, 2]
