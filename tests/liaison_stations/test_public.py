"""Public pages: submit by QR code, track by code, find a station — all without an account."""

import time

import pytest
import time_machine
from django.urls import reverse

from accounts.choices import Role
from liaison_stations import services
from liaison_stations.choices import OpinionSource, OpinionStatus, Rating
from liaison_stations.forms import form_token
from liaison_stations.models import OpinionItem
from tests.factories import UserFactory, region

from .factories import DeputyFactory, OpinionItemFactory, StationFactory

SUBMIT = reverse("liaison_stations:public_submit")
TRACK = reverse("liaison_stations:public_track")
FINDER = reverse("liaison_stations:public_finder")
CONTENT = "小区门口的路灯坏了一个多月，晚上老人出行很不方便，希望尽快修复。"


def _form(**overrides):
    data = {
        "category": "urban",
        "content": CONTENT,
        "location": "文三路100号",
        "resident_name": "张阿姨",
        "resident_phone": "13812345678",
        "website": "",
        "started": form_token(time.time() - 30),
    }
    data.update(overrides)
    return data


@pytest.fixture
def station(db):
    return StationFactory(name="西溪街道代表联络站")


def test_qr_page_shows_the_station_form_without_the_staff_menu(client, station):
    response = client.get(SUBMIT, {"station": station.public_code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "西溪街道代表联络站" in html
    assert 'name="content"' in html
    assert "退出登录" not in html and "mainnav" not in html


def test_unknown_or_inactive_station_code_is_refused(client, station):
    assert client.get(SUBMIT, {"station": "nope"}).status_code == 404
    station.is_active = False
    station.save()
    response = client.get(SUBMIT, {"station": station.public_code})
    assert response.status_code == 404
    assert "二维码无效" in response.content.decode()


def test_valid_submission_is_stored_and_the_resident_gets_a_tracking_code(client, station):
    response = client.post(f"{SUBMIT}?station={station.public_code}", _form())
    assert response.status_code == 302

    item = OpinionItem.objects.get()
    assert item.status == OpinionStatus.PENDING
    assert (item.station, item.region, item.source) == (station, station.region, OpinionSource.PUBLIC)
    assert item.content == CONTENT and item.resident_phone == "13812345678"
    assert item.transitions.get().actor is None

    done = client.get(response["Location"])
    assert item.tracking_code in done.content.decode()
    assert len(item.tracking_code) == 12 and str(item.pk) != item.tracking_code


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": ""}, "请填写反映内容"),
        ({"content": "路灯坏了"}, "至少需要10个字"),
        ({"content": "x" * 1001}, "不能超过1000个字"),
        ({"resident_phone": "12345"}, "请输入正确的手机号码"),
        ({"resident_phone": "１３８１２３４５６７８"}, "请输入正确的手机号码"),  # full-width digits
        ({"content": CONTENT + " 详见 http://spam.example.com"}, "不能包含网址链接"),
        ({"category": "nonsense"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message_and_nothing_is_stored(client, station, overrides, message):
    response = client.post(f"{SUBMIT}?station={station.public_code}", _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OpinionItem.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        lambda: {"website": "http://bot.example.com"},  # honeypot filled
        lambda: {"started": form_token(time.time())},  # posted at once
        lambda: {"started": form_token(time.time() - 3 * 3600)},  # stale form
        lambda: {"started": "1700000000:forged"},  # not signed by the portal
        lambda: {"started": ""},
    ],
)
def test_automated_submissions_are_refused_and_nothing_is_stored(client, station, overrides):
    response = client.post(f"{SUBMIT}?station={station.public_code}", _form(**overrides()))
    assert response.status_code == 400
    assert "提交未成功" in response.content.decode()
    assert not OpinionItem.objects.exists()


def test_rate_limit_holds_per_client_address(client, station):
    url = f"{SUBMIT}?station={station.public_code}"
    for _ in range(5):
        assert client.post(url, _form(), REMOTE_ADDR="10.0.0.1").status_code == 302

    refused = client.post(url, _form(), REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.content.decode()
    assert OpinionItem.objects.count() == 5

    # Another address is not affected.
    assert client.post(url, _form(), REMOTE_ADDR="10.0.0.2").status_code == 302
    assert OpinionItem.objects.count() == 6


def test_spam_attempts_count_towards_the_rate_limit(client, station):
    url = f"{SUBMIT}?station={station.public_code}"
    for _ in range(5):
        client.post(url, _form(website="x"), REMOTE_ADDR="10.0.0.3")
    assert client.post(url, _form(), REMOTE_ADDR="10.0.0.3").status_code == 429
    assert not OpinionItem.objects.exists()


def test_submission_by_deputy_code_is_addressed_to_that_deputy(client, db):
    deputy_user = UserFactory(role=Role.DEPUTY, region=None)
    deputy = DeputyFactory(person__user=deputy_user, person__name="王代表")
    page = client.get(SUBMIT, {"deputy": deputy.public_code})
    assert "王代表" in page.content.decode()

    response = client.post(f"{SUBMIT}?deputy={deputy.public_code}", _form())
    assert response.status_code == 302
    item = OpinionItem.objects.get()
    assert item.receiving_deputy == deputy
    assert item.source == OpinionSource.DEPUTY_CODE
    assert item.region == deputy.region
    assert list(OpinionItem.objects.visible_to(deputy_user)) == [item]


def test_tracking_shows_only_that_items_status_and_reply(client, county_user):
    mine = services.opinion_submit_public(
        station=StationFactory(),
        deputy=None,
        data=services.OpinionInput(title="我的事项", content=CONTENT, category="urban"),
    )
    OpinionItemFactory(title="别人的事项", resident_name="李四", resident_phone="13900000000")

    response = client.post(TRACK, {"code": mine.tracking_code.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "我的事项" in html and "待登记" in html
    assert "别人的事项" not in html and "李四" not in html

    services.opinion_register(actor=county_user, item=mine)
    services.opinion_assign(actor=county_user, item=mine, unit="城管局")
    services.opinion_handle(actor=county_user, item=mine, result="内部办理说明")
    services.opinion_supervise(actor=county_user, item=mine, note="内部督办意见")
    services.opinion_reply(actor=county_user, item=mine, reply="路灯已修复。")
    html = client.post(TRACK, {"code": mine.tracking_code}).content.decode()
    assert "路灯已修复。" in html
    assert "内部督办意见" not in html  # internal handling notes stay internal
    assert 'name="rating"' not in html  # not closed yet


def test_unknown_tracking_code_gives_a_clear_message(client, db):
    response = client.post(TRACK, {"code": "ABCDEFGHJKMN"})
    assert response.status_code == 404
    assert "查询码不存在" in response.content.decode()


def test_resident_rates_a_closed_item_once_and_unsatisfied_reopens_it(client, county_user):
    item = services.opinion_create(
        actor=county_user,
        station=StationFactory(),
        data=services.OpinionInput(title="路灯", content=CONTENT, category="urban"),
    )
    services.opinion_assign(actor=county_user, item=item, unit="城管局")
    services.opinion_handle(actor=county_user, item=item, result="修复")
    services.opinion_supervise(actor=county_user, item=item, note="核实")
    services.opinion_reply(actor=county_user, item=item, reply="已修复")
    services.opinion_close(actor=county_user, item=item)

    html = client.post(TRACK, {"code": item.tracking_code}).content.decode()
    assert 'name="rating"' in html

    response = client.post(TRACK, {"code": item.tracking_code, "rating": Rating.UNSATISFIED, "comment": "没修好"})
    assert "退回重新办理" in response.content.decode()
    item.refresh_from_db()
    assert item.status == OpinionStatus.ASSIGNED


def test_tracking_lookups_are_rate_limited(client, db, settings):
    settings.LIAISON_PUBLIC_RATE_LIMITS = {"track": (3, 600)}
    for _ in range(3):
        client.post(TRACK, {"code": "ABCDEFGHJKMN"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(TRACK, {"code": "ABCDEFGHJKMN"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429


def test_finder_lists_active_stations_of_the_chosen_township(client, db):
    StationFactory(name="西溪站", region=region("330106004"))
    StationFactory(name="翠苑站", region=region("330106005"))
    StationFactory(name="停用站", region=region("330106004"), is_active=False)
    StationFactory(name="鄞州站", region=region("330212001"))

    county = client.get(FINDER, {"county": "330106"}).content.decode()
    assert "西溪站" in county and "翠苑站" in county
    assert "停用站" not in county and "鄞州站" not in county
    assert "西溪街道" in county  # township choices appear once a county is chosen

    township = client.get(FINDER, {"county": "330106", "township": "330106004"}).content.decode()
    assert "西溪站" in township and "翠苑站" not in township


def test_a_resident_refused_for_a_stale_form_keeps_their_text_and_can_send_again(client, station):
    url = f"{SUBMIT}?station={station.public_code}"
    stale = _form(started=form_token(time.time() - 3 * 3600))
    form = client.post(url, stale).context["form"]
    assert form.initial["content"] == CONTENT
    assert form.initial["started"] != stale["started"]
    assert not OpinionItem.objects.exists()

    # Sent again with the fresh form a little later: accepted.
    with time_machine.travel(time.time() + 10, tick=False):
        response = client.post(url, _form(started=form.initial["started"]))
    assert response.status_code == 302
    assert OpinionItem.objects.count() == 1


def test_a_replayed_form_token_is_refused_with_a_clear_message(client, station):
    url = f"{SUBMIT}?station={station.public_code}"
    data = _form()
    assert client.post(url, data).status_code == 302
    replay = client.post(url, data)
    assert replay.status_code == 400
    assert "已经提交过" in replay.content.decode()
    assert OpinionItem.objects.count() == 1
    # A form shown afresh is accepted.
    assert client.post(url, _form()).status_code == 302
    assert OpinionItem.objects.count() == 2


def test_an_invalid_form_keeps_its_token_until_it_is_stored(client, station):
    url = f"{SUBMIT}?station={station.public_code}"
    data = _form(content="太短")
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "content": CONTENT}).status_code == 302
