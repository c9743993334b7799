"""A resident scans a station's QR code on a phone, sends an opinion and follows it with the tracking code."""

import pytest

from liaison_stations.models import OpinionItem
from tests.browser.conftest import PHONE
from tests.liaison_stations.factories import StationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_submits_an_opinion_on_a_phone_and_tracks_it(journey):
    station = StationFactory()
    j = journey("resident-opinion-phone", viewport=PHONE)
    j.goto(station.public_submit_path())
    assert station.name in j.page.content()
    j.shot("form")
    j.page.select_option("select[name=category]", index=1)
    j.page.fill("textarea[name=content]", "小区门口的路灯坏了两个多月，晚上出行很不方便，希望尽快修复。")
    j.page.fill("input[name=resident_phone]", "13812345678")
    # The form refuses submissions faster than a person types (spam protection).
    j.page.wait_for_timeout(3200)
    j.page.get_by_role("button", name="提交", exact=True).click()
    j.page.wait_for_load_state()
    code = j.page.inner_text("[data-testid=tracking-code]").strip()
    j.shot("tracking-code")
    item = OpinionItem.objects.get(tracking_code=code)
    assert item.station == station and "路灯" in item.content
    j.page.click("a[href*='/public/track/']")
    j.page.wait_for_load_state()
    j.page.fill("input[name=code]", code)
    j.page.get_by_role("button", name="查询", exact=True).click()
    j.page.wait_for_load_state()
    assert j.page.locator("[data-testid=track-result]").is_visible()
    j.shot("track-status")
    # Nothing overflows the phone's width.
    assert j.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert j.console_errors == []
