"""Roster, performance record, own profile, group pages, public code pages."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import AuditEvent
from deputies.choices import DeputyLevel, DeputyStatus, SectorClass
from deputies.models import CheckIn, ExpertiseTag
from tests.deputies.factories import (
    ActivityFactory,
    AttendanceFactory,
    ContactFactory,
    DeputyFactory,
    MembershipFactory,
    PersonFactory,
    congress_for,
    deputy_user,
)

pytestmark = pytest.mark.django_db


def names_on(response) -> list[str]:
    return [d.person.name for d in response.context["object_list"]]


def test_roster_sorts_by_surname_stroke_order_by_default(login, county_user):
    for name in ["张伟", "王芳", "丁一", "李娜", "马超"]:
        DeputyFactory(person=PersonFactory(name=name))
    response = login(county_user).get(reverse("deputies:deputy_list"))
    assert names_on(response) == ["丁一", "马超", "王芳", "李娜", "张伟"]


def test_roster_shows_only_the_jurisdiction_and_masks_mobiles(login, county_user):
    mine = DeputyFactory(person=PersonFactory(name="西湖代表", mobile="13912345678"))
    DeputyFactory(code="330212", person=PersonFactory(name="鄞州代表"))
    response = login(county_user).get(reverse("deputies:deputy_list"))
    content = response.content.decode()
    assert names_on(response) == ["西湖代表"]
    assert "139****5678" in content and "13912345678" not in content
    assert mine.person.id_number not in content


def test_roster_filters_by_level_class_tag_status_group_and_search(login, province_user):
    city = DeputyFactory(code="330100", person=PersonFactory(name="市代表"), sector_class=SectorClass.WORKER)
    county = DeputyFactory(person=PersonFactory(name="区代表"), sector_class=SectorClass.FARMER)
    county.person.expertise_tags.add(ExpertiseTag.objects.create(name="农业"))
    resigned = DeputyFactory(person=PersonFactory(name="辞职代表", work_unit="某某农场"), status=DeputyStatus.RESIGNED)
    membership = MembershipFactory(deputy=city)
    client = login(province_user)
    url = reverse("deputies:deputy_list")
    assert names_on(client.get(url, {"level": DeputyLevel.CITY})) == ["市代表"]
    assert names_on(client.get(url, {"sector_class": SectorClass.FARMER})) == ["区代表"]
    tag = ExpertiseTag.objects.get(name="农业")
    assert names_on(client.get(url, {"tag": tag.pk})) == ["区代表"]
    assert names_on(client.get(url, {"status": DeputyStatus.RESIGNED})) == ["辞职代表"]
    assert names_on(client.get(url, {"group": membership.group.pk})) == ["市代表"]
    assert names_on(client.get(url, {"q": "农场"})) == [resigned.person.name]
    assert set(names_on(client.get(url, {"region": county.region.pk}))) == {"区代表", "辞职代表"}


def test_roster_list_query_count_does_not_grow_with_rows(login, county_user, django_assert_num_queries):
    client = login(county_user)
    url = reverse("deputies:deputy_list")

    def make(n):
        for _ in range(n):
            d = DeputyFactory()
            d.person.expertise_tags.add(ExpertiseTag.objects.get_or_create(name="教育")[0])

    make(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    make(27)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 25


def test_performance_record_shows_profile_and_sections(login, county_user):
    deputy = DeputyFactory(person=PersonFactory(name="档案代表"))
    MembershipFactory(deputy=deputy, group__name="西湖区第一代表小组")
    ContactFactory(deputy=deputy, topic="加装电梯")
    AttendanceFactory(deputy=deputy, course__title="初任代表培训班")
    CheckIn.objects.create(
        activity=ActivityFactory(title="视察城中村改造"),
        deputy=deputy,
        method="staff",
        checked_in_at="2025-05-01T10:00Z",
    )
    content = login(county_user).get(deputy.get_absolute_url()).content.decode()
    for text in ("档案代表", "西湖区第一代表小组", "加装电梯", "初任代表培训班", "视察城中村改造"):
        assert text in content
    assert deputy.person.id_number_masked in content and deputy.person.id_number not in content


def test_other_jurisdictions_get_404_for_a_record(login, other_county_user):
    deputy = DeputyFactory()
    assert login(other_county_user).get(deputy.get_absolute_url()).status_code == 404


def test_reveal_shows_the_full_number_and_is_audited(login, county_user):
    deputy = DeputyFactory()
    response = login(county_user).post(reverse("deputies:deputy_reveal", args=[deputy.pk]))
    assert deputy.person.id_number in response.content.decode()
    assert AuditEvent.objects.filter(action="reveal", actor=county_user).count() == 1


def test_deputy_sees_own_record_with_both_mandates_and_edits_contact_details(login):
    provincial = DeputyFactory(code="330100", congress=congress_for("330000"))
    city = DeputyFactory(code="330106", congress=congress_for("330100"), person=provincial.person)
    user = deputy_user(provincial)
    client = login(user)
    response = client.get(reverse("deputies:my_record"))
    content = response.content.decode()
    assert provincial.congress.name in content and city.congress.name in content
    response = client.post(
        reverse("deputies:my_record"),
        {
            "mobile": "13600001111",
            "email": "d@example.com",
            "address": "文三路",
            "expertise_tags": "教育、医疗",
            "name": "改名",
            "work_unit": "改单位",
        },
    )
    assert response.status_code == 302
    provincial.person.refresh_from_db()
    assert provincial.person.mobile == "13600001111"
    assert provincial.person.name != "改名" and provincial.person.work_unit != "改单位"
    assert {t.name for t in provincial.person.expertise_tags.all()} == {"教育", "医疗"}


def test_deputy_cannot_open_the_roster_or_another_record(login):
    deputy = DeputyFactory()
    other = DeputyFactory()
    client = login(deputy_user(deputy))
    assert client.get(reverse("deputies:deputy_list")).status_code == 403
    assert client.get(other.get_absolute_url()).status_code == 403


def test_group_page_lists_members_and_bulk_adds(login, county_user):
    membership = MembershipFactory(deputy__person=PersonFactory(name="老成员"))
    a, b = DeputyFactory(person=PersonFactory(name="新甲")), DeputyFactory(person=PersonFactory(name="新乙"))
    client = login(county_user)
    group = membership.group
    assert "老成员" in client.get(group.get_absolute_url()).content.decode()
    client.post(reverse("deputies:group_add_members", args=[group.pk]), {"deputies": [a.pk, b.pk], "role": "member"})
    content = client.get(group.get_absolute_url()).content.decode()
    assert "新甲" in content and "新乙" in content
    assert group.memberships.count() == 3


def test_public_deputy_page_needs_no_login_and_shows_no_identifiers(client):
    deputy = DeputyFactory(person=PersonFactory(name="公开代表", work_unit="某某社区"))
    response = client.get(reverse("deputies:deputy_public", args=[deputy.public_code]))
    content = response.content.decode()
    assert response.status_code == 200 and "公开代表" in content
    assert deputy.person.mobile_masked not in content and deputy.person.id_number_masked not in content
    qr = client.get(reverse("deputies:deputy_qr", args=[deputy.public_code]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_public_deputy_page_links_to_the_opinion_form_once_it_exists(client):
    from django.urls import NoReverseMatch

    deputy = DeputyFactory()
    content = client.get(reverse("deputies:deputy_public", args=[deputy.public_code])).content.decode()
    try:
        base = reverse("liaison_stations:public_submit")
    except NoReverseMatch:
        assert "opinion-link" not in content
    else:
        assert f"{base}?deputy={deputy.public_code}" in content


def test_resigned_deputy_has_no_public_page(client):
    deputy = DeputyFactory(status=DeputyStatus.RESIGNED)
    assert client.get(reverse("deputies:deputy_public", args=[deputy.public_code])).status_code == 404


def test_activity_code_checks_in_by_deputy_code_and_mobile_digits(client):
    activity = ActivityFactory()
    deputy = DeputyFactory(person=PersonFactory(mobile="13812349876"))
    url = reverse("deputies:activity_public", args=[activity.public_code])
    wrong = client.post(url, {"deputy_code": deputy.public_code, "mobile_last4": "0000"})
    assert "不正确" in wrong.content.decode() and not CheckIn.objects.exists()
    ok = client.post(url, {"deputy_code": deputy.public_code, "mobile_last4": "9876", "feedback": "建议增设座椅"})
    assert "已签到" in ok.content.decode()
    again = client.post(url, {"deputy_code": deputy.public_code, "mobile_last4": "9876"})
    assert "已签到" in again.content.decode()
    check_in = CheckIn.objects.get()
    assert (check_in.deputy, check_in.method, check_in.feedback) == (deputy, "deputy_code", "建议增设座椅")


def test_logged_in_deputy_checks_in_without_a_code(login):
    activity = ActivityFactory()
    deputy = DeputyFactory()
    client = login(deputy_user(deputy))
    url = reverse("deputies:activity_public", args=[activity.public_code])
    assert "直接签到" in client.get(url).content.decode()
    client.post(url, {"feedback": ""})
    assert CheckIn.objects.get().method == "login"
    assert activity.check_ins.count() == 1


def test_home_page_shows_counts_for_staff_and_a_summary_for_a_deputy(login, county_user):
    deputy = DeputyFactory()
    ContactFactory(deputy=deputy)
    content = login(county_user).get(reverse("home")).content.decode()
    assert 'data-testid="section-deputies"' in content and "在任代表" in content
    content = login(deputy_user(deputy)).get(reverse("home")).content.decode()
    assert "我的履职档案" in content and "双联记录" in content


def test_status_change_page_records_resignation(login, county_user):
    deputy = DeputyFactory()
    client = login(county_user)
    client.post(
        reverse("deputies:deputy_status", args=[deputy.pk]),
        {"to_status": "resigned", "effective_date": "2025-02-01", "reason": "工作调动"},
    )
    content = client.get(deputy.get_absolute_url()).content.decode()
    assert "辞职" in content and "工作调动" in content and dt.date(2025, 2, 1).year == 2025


def test_repeated_wrong_digits_lock_the_public_check_in(client):
    from django.core.cache import cache

    cache.clear()
    activity = ActivityFactory()
    deputy = DeputyFactory(person=PersonFactory(mobile="13812349876"))
    url = reverse("deputies:activity_public", args=[activity.public_code])
    for digits in ("0000", "0001", "0002", "0003", "0004"):
        client.post(url, {"deputy_code": deputy.public_code, "mobile_last4": digits})
    locked = client.post(url, {"deputy_code": deputy.public_code, "mobile_last4": "9876"})
    assert "尝试次数过多" in locked.content.decode()
    assert not CheckIn.objects.exists()
    cache.clear()


def test_edit_form_never_sends_identifiers_back_and_blank_keeps_them(login, county_user):
    deputy = DeputyFactory(person=PersonFactory(name="编辑代表"))
    number, mobile = deputy.person.id_number, deputy.person.mobile
    client = login(county_user)
    url = reverse("deputies:deputy_update", args=[deputy.pk])
    content = client.get(url).content.decode()
    assert number not in content and mobile not in content and deputy.person.id_number_masked in content
    response = client.post(
        url,
        {
            "name": "编辑代表",
            "gender": "male",
            "ethnicity": "汉族",
            "birth_date": "1975-06-01",
            "work_unit": "新单位",
            "region": deputy.region.pk,
        },
    )
    assert response.status_code == 302
    deputy.person.refresh_from_db()
    assert (deputy.person.id_number, deputy.person.mobile, deputy.person.work_unit) == (number, mobile, "新单位")


def test_deputy_records_a_contact_with_residents_from_the_portal(login):
    deputy = DeputyFactory()
    client = login(deputy_user(deputy))
    url = reverse("deputies:contact_create")
    assert "常委会组成人员联系代表" not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "deputy": deputy.pk,
            "kind": "deputy_resident",
            "counterpart": "社区居民",
            "contacted_on": "2025-03-01",
            "way": "visit",
            "topic": "停车难",
        },
    )
    assert response.status_code == 302 and response.url == reverse("deputies:my_record")
    assert deputy.contacts.get().topic == "停车难"
