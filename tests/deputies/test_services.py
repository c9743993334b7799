"""Writes: mandates, one person with two mandates, status history, profile edits, reveal, contacts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ApplicationError
from core.models import AuditEvent
from deputies import services
from deputies.choices import ContactKind, ContactWay, DeputyLevel, DeputyStatus, Gender
from deputies.models import Deputy, DeputyStatusChange, Person
from deputies.strokes import name_stroke_key
from tests.deputies.factories import DeputyFactory, congress_for, deputy_user, make_id_number
from tests.factories import region

pytestmark = pytest.mark.django_db


def person_data(**overrides):
    data = {
        "name": "钱江",
        "gender": Gender.MALE,
        "id_number": make_id_number(birth=dt.date(1970, 3, 9)),
        "mobile": "13912345678",
        "occupation": "工程师",
        "expertise_tags": ["数字经济", "水利"],
    }
    data.update(overrides)
    return data


def test_create_stores_identifiers_encrypted_and_derives_birth_date_and_stroke_key(county_user):
    deputy = services.deputy_create(
        actor=county_user, congress=congress_for("330106"), region=region("330106"), person=person_data()
    )
    person = Person.objects.get(pk=deputy.person_id)
    assert person.birth_date == dt.date(1970, 3, 9)
    assert person.name_stroke_key == name_stroke_key("钱江")
    assert {t.name for t in person.expertise_tags.all()} == {"水利", "数字经济"}
    assert deputy.level == DeputyLevel.COUNTY
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM deputies_person WHERE id = %s", [person.pk])
        raw_id, raw_mobile = cursor.fetchone()
    assert person.id_number not in raw_id and "13912345678" not in raw_mobile


def test_wrong_id_checksum_is_refused_and_nothing_saved(county_user):
    number = make_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ApplicationError, match="校验位") as exc:
        services.deputy_create(
            actor=county_user,
            congress=congress_for("330106"),
            region=region("330106"),
            person=person_data(id_number=wrong),
        )
    assert exc.value.field == "id_number"
    assert not Person.objects.exists()


def test_birth_date_must_match_the_id_number(county_user):
    with pytest.raises(ApplicationError, match="出生日期"):
        services.deputy_create(
            actor=county_user,
            congress=congress_for("330106"),
            region=region("330106"),
            person=person_data(birth_date=dt.date(1971, 3, 9)),
        )


def test_a_deputy_at_two_levels_is_one_person_with_two_mandates(province_user):
    data = person_data()
    provincial = services.deputy_create(
        actor=province_user, congress=congress_for("330000"), region=region("330100"), person=data
    )
    city = services.deputy_create(
        actor=province_user, congress=congress_for("330100"), region=region("330106"), person=data
    )
    assert provincial.person_id == city.person_id
    assert Person.objects.count() == 1
    assert {d.level for d in Deputy.objects.filter(person_id=city.person_id)} == {"provincial", "city"}
    with pytest.raises(ApplicationError, match="已有代表资格"):
        services.deputy_create(
            actor=province_user, congress=congress_for("330100"), region=region("330106"), person=data
        )


def test_staff_cannot_register_a_deputy_outside_their_jurisdiction(county_user):
    with pytest.raises(PermissionDenied):
        services.deputy_create(
            actor=county_user, congress=congress_for("330212"), region=region("330212"), person=person_data()
        )
    assert not Deputy.objects.exists()


def test_region_must_lie_within_the_congress(city_user):
    with pytest.raises(ApplicationError):
        services.deputy_create(
            actor=city_user, congress=congress_for("330106"), region=region("330102"), person=person_data()
        )


def test_status_change_keeps_history_and_ended_mandate_stays_ended(county_user):
    deputy = DeputyFactory()
    with pytest.raises(ApplicationError, match="原因"):
        services.deputy_change_status(
            actor=county_user, deputy=deputy, to_status=DeputyStatus.RESIGNED, effective_date=dt.date(2025, 1, 1)
        )
    services.deputy_change_status(
        actor=county_user,
        deputy=deputy,
        to_status=DeputyStatus.RESIGNED,
        effective_date=dt.date(2025, 1, 2),
        reason="工作调动",
    )
    deputy.refresh_from_db()
    assert deputy.status == DeputyStatus.RESIGNED and deputy.status_changed_on == dt.date(2025, 1, 2)
    change = DeputyStatusChange.objects.get(deputy=deputy)
    assert (change.from_status, change.to_status, change.reason, change.actor) == (
        "serving",
        "resigned",
        "工作调动",
        county_user,
    )
    with pytest.raises(ApplicationError):
        services.deputy_change_status(
            actor=county_user, deputy=deputy, to_status=DeputyStatus.SERVING, effective_date=dt.date(2025, 2, 1)
        )


def test_deputy_edits_own_contact_details_and_tags_only():
    deputy = DeputyFactory()
    user = deputy_user(deputy)
    services.person_update_own_profile(
        actor=user, person=deputy.person, mobile="13700001111", address="西湖区文三路1号", expertise_tags=["教育"]
    )
    deputy.person.refresh_from_db()
    assert deputy.person.mobile == "13700001111"
    assert [t.name for t in deputy.person.expertise_tags.all()] == ["教育"]
    other = DeputyFactory()
    with pytest.raises(PermissionDenied):
        services.person_update_own_profile(actor=user, person=other.person, mobile="13700002222")
    with pytest.raises(ApplicationError):
        services.person_update_own_profile(actor=user, person=deputy.person, mobile="12345")


def test_reveal_is_for_the_owning_jurisdiction_and_audited(county_user, other_county_user):
    deputy = DeputyFactory()
    revealed = services.person_reveal_identifiers(actor=county_user, deputy=deputy)
    assert revealed["id_number"] == deputy.person.id_number
    assert AuditEvent.objects.filter(action="reveal", actor=county_user, target_id=str(deputy.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.person_reveal_identifiers(actor=other_county_user, deputy=deputy)
    with pytest.raises(PermissionDenied):
        services.person_reveal_identifiers(actor=deputy_user(deputy), deputy=deputy)


def test_contacts_are_recorded_in_scope_and_deputies_record_only_resident_contacts(county_user, other_county_user):
    deputy = DeputyFactory()
    contact = services.contact_create(
        actor=county_user,
        deputy=deputy,
        kind=ContactKind.COMMITTEE_DEPUTY,
        counterpart="李主任",
        contacted_on=dt.date(2025, 3, 1),
        way=ContactWay.MEETING,
        topic="听取代表意见",
    )
    assert contact.pk
    with pytest.raises(PermissionDenied):
        services.contact_create(
            actor=other_county_user,
            deputy=deputy,
            kind=ContactKind.COMMITTEE_DEPUTY,
            counterpart="x",
            contacted_on=dt.date(2025, 3, 1),
            way=ContactWay.PHONE,
            topic="x",
        )
    user = deputy_user(deputy)
    with pytest.raises(PermissionDenied):
        services.contact_create(
            actor=user,
            deputy=deputy,
            kind=ContactKind.COMMITTEE_DEPUTY,
            counterpart="x",
            contacted_on=dt.date(2025, 3, 1),
            way=ContactWay.PHONE,
            topic="x",
        )
    own = services.contact_create(
        actor=user,
        deputy=deputy,
        kind=ContactKind.DEPUTY_RESIDENT,
        counterpart="社区居民",
        contacted_on=dt.date(2025, 3, 2),
        way=ContactWay.VISIT,
        topic="垃圾分类",
    )
    assert own.deputy == deputy


def test_lower_levels_see_but_do_not_manage_mandates_of_higher_congresses(city_user, county_user):
    with pytest.raises(PermissionDenied):
        services.deputy_create(
            actor=county_user, congress=congress_for("330100"), region=region("330106"), person=person_data()
        )
    provincial = DeputyFactory(code="330100", congress=congress_for("330000"))
    assert Deputy.objects.visible_to(city_user).filter(pk=provincial.pk).exists()
    with pytest.raises(PermissionDenied):
        services.deputy_update(actor=city_user, deputy=provincial, delegation="改")
    with pytest.raises(PermissionDenied):
        services.deputy_change_status(
            actor=city_user, deputy=provincial, to_status=DeputyStatus.DECEASED, effective_date=dt.date(2025, 1, 1)
        )
