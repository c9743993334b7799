"""Contacts counted per deputy and region, training hours, activity check-ins, the admin and selectors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.exceptions import ApplicationError
from deputies import selectors, services
from deputies.choices import DeputyStatus
from deputies.models import CheckIn, TrainingAttendance
from tests.deputies.factories import (
    ActivityFactory,
    ContactFactory,
    CourseFactory,
    DeputyFactory,
    PersonFactory,
    congress_for,
    deputy_user,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_contacts_are_counted_per_region_and_per_deputy(province_user):
    xihu = DeputyFactory(code="330106")
    yinzhou = DeputyFactory(code="330212")
    ContactFactory.create_batch(2, deputy=xihu)
    ContactFactory(deputy=xihu, kind="committee_deputy")
    ContactFactory(deputy=yinzhou)
    rows = {
        (r["deputy__region__code"], r["kind"]): r["total"]
        for r in selectors.contact_counts_by_region(user=province_user)
    }
    assert rows == {
        ("330106", "deputy_resident"): 2,
        ("330106", "committee_deputy"): 1,
        ("330212", "deputy_resident"): 1,
    }
    per_deputy = {d.pk: d.contact_total for d in selectors.contact_counts_by_deputy(user=province_user)}
    assert per_deputy[xihu.pk] == 3 and per_deputy[yinzhou.pk] == 1


def test_contact_page_shows_counts_by_region(login, county_user):
    ContactFactory.create_batch(2)
    content = login(county_user).get(reverse("deputies:contact_list")).content.decode()
    assert "西湖区" in content and "contacts-by-region" in content


def test_training_hours_accumulate_and_a_province_course_counts_in_the_county(province_user, county_user):
    course = services.training_course_create(
        actor=province_user,
        title="省人大代表履职学习班",
        training_class="capacity",
        region=congress_for("330000").region,
        start_date=dt.date(2025, 4, 1),
        hours=Decimal("16"),
    )
    deputy = DeputyFactory()
    services.training_record_attendance(actor=province_user, course=course, deputies=[deputy], hours=Decimal("12"))
    services.training_record_attendance(actor=province_user, course=course, deputies=[deputy])
    assert TrainingAttendance.objects.get().hours == Decimal("16")
    assert selectors.training_hours(deputy=deputy) == Decimal("16")
    # The county keeps the record of its deputy, though it cannot change the province's course.
    assert TrainingAttendance.objects.visible_to(county_user).count() == 1
    with pytest.raises(PermissionDenied):
        services.training_record_attendance(actor=county_user, course=course, deputies=[deputy])
    with pytest.raises(ApplicationError):
        services.training_record_attendance(actor=province_user, course=course, deputies=[deputy], hours=Decimal("20"))


def test_check_in_refused_for_closed_activity_and_ended_mandate(county_user):
    closed = ActivityFactory(check_in_open=False)
    deputy = DeputyFactory()
    with pytest.raises(ApplicationError, match="停止签到"):
        services.check_in_by_staff(actor=county_user, activity=closed, deputy=deputy)
    resigned = DeputyFactory(status=DeputyStatus.RESIGNED)
    with pytest.raises(ApplicationError, match="不在任"):
        services.check_in_by_staff(actor=county_user, activity=ActivityFactory(), deputy=resigned)
    assert not CheckIn.objects.exists()


def test_a_deputy_cannot_check_in_someone_else():
    deputy, other = DeputyFactory(), DeputyFactory()
    with pytest.raises(PermissionDenied):
        services.check_in_by_login(actor=deputy_user(deputy), activity=ActivityFactory(), deputy=other)


def test_activity_page_offers_a_printable_activity_code(login, county_user, client):
    activity = ActivityFactory(title="代表进站接待日")
    content = login(county_user).get(activity.get_absolute_url()).content.decode()
    assert reverse("deputies:activity_qr", args=[activity.public_code]) in content
    assert client.get(reverse("deputies:activity_qr", args=[activity.public_code])).content.startswith(b"<svg")


def test_mandates_for_user_are_the_persons_mandates_only():
    first = DeputyFactory(code="330100", congress=congress_for("330000"))
    second = DeputyFactory(code="330106", congress=congress_for("330100"), person=first.person)
    DeputyFactory()
    user = deputy_user(first)
    assert set(selectors.deputy_mandates_for_user(user)) == {first, second}
    assert not selectors.deputy_mandates_for_user(UserFactory()).exists()


def test_admin_lists_are_scoped_and_identifiers_masked(login, county_user):
    mine = DeputyFactory(person=PersonFactory(name="本区代表"))
    DeputyFactory(code="330212", person=PersonFactory(name="外区代表"))
    client = login(county_user)
    content = client.get(reverse("admin:deputies_deputy_changelist")).content.decode()
    assert "本区代表" in content and "外区代表" not in content
    content = client.get(reverse("admin:deputies_person_changelist")).content.decode()
    assert mine.person.id_number_masked in content and mine.person.id_number not in content
    assert "外区代表" not in content
    assert client.get(reverse("admin:deputies_deputy_change", args=[mine.pk])).status_code == 200
    for name in ("group", "groupmembership", "contact", "trainingcourse", "activity", "checkin"):
        assert client.get(reverse(f"admin:deputies_{name}_changelist")).status_code == 200


def test_course_and_group_pages_render(login, county_user):
    course = CourseFactory(title="代表履职能力培训")
    client = login(county_user)
    assert "代表履职能力培训" in client.get(reverse("deputies:course_list")).content.decode()
    assert client.get(reverse("deputies:course_detail", args=[course.pk])).status_code == 200
    assert client.get(reverse("deputies:group_list")).status_code == 200
    assert client.get(reverse("deputies:activity_list")).status_code == 200
    assert client.get(reverse("deputies:deputy_create")).status_code == 200
    assert client.get(reverse("deputies:roster_import")).status_code == 200


def test_admin_adds_a_group_and_an_activity_through_the_services(login, county_user):
    from deputies.models import Activity, Group
    from tests.factories import region

    client = login(county_user)
    response = client.post(
        reverse("admin:deputies_group_add"),
        {
            "name": "后台小组",
            "kind": "group",
            "region": region("330106").pk,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Group.objects.filter(name="后台小组").exists()
    response = client.post(
        reverse("admin:deputies_activity_add"),
        {
            "title": "后台活动",
            "kind": "forum",
            "region": region("330106").pk,
            "held_on": "2025-05-01",
            "check_in_open": "on",
            "check_ins-TOTAL_FORMS": "0",
            "check_ins-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Activity.objects.filter(title="后台活动").exists()
