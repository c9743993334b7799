"""Province staff open the statistics dashboard and drill down city → county."""

import pytest

from stats.services import stats_rebuild
from tests.conftest import PASSWORD
from tests.factories import region, staff
from tests.liaison_stations.factories import ReceptionFactory, StationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboard_drill_down_from_province_to_county(journey):
    xixi = StationFactory()  # 西溪街道, 西湖区, 杭州市
    ningbo = StationFactory(region=region("330212001"))
    for _ in range(3):
        ReceptionFactory(station=xixi, visitor_count=5)
    ReceptionFactory(station=ningbo, visitor_count=2)
    stats_rebuild()
    staff("330000", username="shengji")
    j = journey("dashboard-drill-down")
    j.login("shengji", PASSWORD)
    j.goto("/stats/?period=term")
    assert "浙江省" in j.page.inner_text("[data-testid=dashboard-title]")
    j.page.wait_for_selector("[data-chart] canvas")  # ECharts drew the city chart
    j.shot("province")
    j.page.locator("section[data-area=liaison_stations] table").get_by_role("link", name="杭州市").click()
    j.page.wait_for_load_state()
    assert "杭州市" in j.page.inner_text("[data-testid=dashboard-title]")
    j.shot("city")
    j.page.locator("section[data-area=liaison_stations] table").get_by_role("link", name="西湖区").click()
    j.page.wait_for_load_state()
    assert "西湖区" in j.page.inner_text("[data-testid=dashboard-title]")
    receptions = j.page.inner_text("[data-metric=station_receptions]")
    assert receptions.strip() == "3"
    j.shot("county")
    assert j.console_errors == []
