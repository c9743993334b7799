import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stats import services
from stats.metrics import AREAS, METRICS, SHARES, Share, register_area, register_share
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
