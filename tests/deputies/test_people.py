"""deputies.people: one person field list and one derivation for a single save and the roster import."""

import datetime as dt
import io

import pandas as pd
import pytest

from deputies import services
from deputies.forms import DeputyForm
from deputies.models import Deputy, Person
from deputies.people import DERIVED_FIELDS, PERSON_FIELDS, person_derived
from deputies.roster import HEADERS, roster_import
from deputies.roster.columns import COLUMNS
from deputies.validators import id_number_hash
from tests.deputies.factories import congress_for, make_id_number, roster_row
from tests.factories import region


def test_the_id_number_gives_the_hash_birth_date_and_gender_when_they_are_not_given():
    number = make_id_number(birth=dt.date(1980, 2, 29), male=False)
    derived = person_derived({"name": " 欧阳明 ", "id_number": f" {number.lower()} ", "mobile": "138 0000 1111"})
    assert derived["id_number"] == number
    assert derived["id_number_hash"] == id_number_hash(number)
    assert derived["birth_date"] == dt.date(1980, 2, 29)
    assert derived["gender"] == "female"
    assert derived["mobile"] == "13800001111"
    assert derived["name_stroke_key"].startswith("08")  # 欧: 8 strokes


def test_given_values_are_kept_and_blank_identifiers_stored_as_null():
    derived = person_derived({"name": "张三", "gender": "male", "birth_date": dt.date(1975, 6, 1), "id_number": ""})
    assert derived["gender"] == "male" and derived["birth_date"] == dt.date(1975, 6, 1)
    assert derived["id_number"] is derived["id_number_hash"] is derived["mobile"] is None


def test_the_roster_form_and_admin_share_one_person_field_list():
    from deputies.admin import PersonAdmin

    # The roster orders its columns its own way (the ID number after the birth date) but has them all.
    assert sorted(c.key for c in COLUMNS if c.key in PERSON_FIELDS) == sorted(PERSON_FIELDS)
    assert DeputyForm.PERSON_FIELDS == PERSON_FIELDS
    assert [f for f in PersonAdmin.fields if f in PERSON_FIELDS] == [
        f for f in PERSON_FIELDS if f not in ("id_number", "mobile")
    ]


@pytest.mark.django_db
def test_a_single_save_and_an_import_store_the_same_columns(county_user):
    number = make_id_number(birth=dt.date(1980, 2, 29))
    data = {"name": "欧阳明", "gender": "male", "id_number": number, "mobile": "138-0000-1111"}
    saved = services.deputy_create(
        actor=county_user, congress=congress_for("330106"), region=region("330106"), person=data
    )
    stored = {f: getattr(saved.person, f) for f in (*PERSON_FIELDS, *DERIVED_FIELDS)}
    Deputy.objects.all().delete()
    Person.objects.all().delete()
    row = roster_row(
        姓名="欧阳明",
        身份证号码=number,
        出生日期="",
        手机号码="138-0000-1111",
        政治面貌="",
        学历="",
        职业="",
        工作单位及职务="",
        专业名片="",
    )
    buffer = io.BytesIO()
    pd.DataFrame([row], columns=HEADERS).to_excel(buffer, index=False)
    buffer.seek(0)
    assert not roster_import(actor=county_user, file=buffer)["errors"]
    person = Person.objects.get()
    assert {f: getattr(person, f) for f in (*PERSON_FIELDS, *DERIVED_FIELDS)} == stored
