"""ID numbers (GB 11643), mobiles, masking and the surname stroke order."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from deputies.strokes import name_stroke_key, stroke_count
from deputies.validators import (
    id_check_char,
    id_number_errors,
    id_number_hash,
    mask_id_number,
    mask_mobile,
    validate_id_number,
    validate_mobile,
)

areas = st.sampled_from(["330106", "330212", "110101", "440305", "330102"])
births = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2005, 12, 31))
orders = st.integers(min_value=0, max_value=999)


def build(area: str, birth: dt.date, order: int) -> str:
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


def test_a_published_sample_number_is_valid():
    # The worked example of GB 11643-1999's annex.
    assert id_number_errors("11010519491231002X") == []


def test_checksum_rejects_a_wrong_number():
    with pytest.raises(ValidationError, match="校验位"):
        validate_id_number("110105194912310021")


@given(areas, births, orders)
def test_every_correctly_built_number_is_accepted(area, birth, order):
    number = build(area, birth, order)
    assert id_number_errors(number, birth_date=birth) == []
    assert id_number_errors(number.lower()) == []


@given(areas, births, orders, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_changing_any_one_digit_is_caught(area, birth, order, position, delta):
    number = build(area, birth, order)
    digit = (int(number[position]) + delta) % 10
    altered = number[:position] + str(digit) + number[position + 1 :]
    assert id_number_errors(altered) != []


@given(areas, births, orders, births)
def test_birth_date_must_match_the_one_in_the_number(area, birth, order, other):
    number = build(area, birth, order)
    errors = id_number_errors(number, birth_date=other)
    assert (errors == []) == (other == birth)


def test_gender_digit_must_match():
    number = build("330106", dt.date(1980, 1, 1), 12)  # even: a woman
    assert id_number_errors(number, male=False) == []
    assert "性别" in id_number_errors(number, male=True)[0]


@pytest.mark.parametrize("value", ["12345", "33010619800101001", "3301061980010100AX", "330106198013010012"])
def test_malformed_numbers_are_rejected(value):
    assert id_number_errors(value) != []


@given(st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_mainland_mobiles_are_accepted(second, rest):
    validate_mobile(f"1{second}{rest}")
    validate_mobile(f"+86 1{second}{rest[:3]}-{rest[3:]}")


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "23812345678", "138123456789", "abc"])
def test_other_mobiles_are_rejected(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


def test_masks_keep_only_the_ends():
    assert mask_id_number("33010619800101001X") == "3301**********001X"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_id_number(None) == "" and mask_mobile("") == ""


@given(areas, births, orders)
def test_mask_never_contains_the_birth_date(area, birth, order):
    masked = mask_id_number(build(area, birth, order))
    assert f"{birth:%Y%m%d}" not in masked and len(masked) == 18


def test_hash_ignores_case_and_spaces_and_is_keyed(settings):
    number = build("330106", dt.date(1980, 1, 1), 11)
    assert id_number_hash(number) == id_number_hash(" " + number.lower() + " ")
    before = id_number_hash(number)
    settings.SECRET_KEY = "another-key-entirely-another-key-entirely-0123456789"
    assert id_number_hash(number) != before


def test_surnames_sort_by_stroke_count_then_stroke_shapes():
    names = ["张伟", "王芳", "丁一", "马超", "万里", "于敏", "李娜", "刘洋", "达明"]
    # 丁 2; 于 万 马 3 (横 before 折: 一一亅, 一フ丿, フフ一); 王 4; 达 刘 6 (横 before 点); 李 张 7.
    assert sorted(names, key=name_stroke_key) == [
        "丁一",
        "于敏",
        "万里",
        "马超",
        "王芳",
        "达明",
        "刘洋",
        "李娜",
        "张伟",
    ]


def test_same_surname_sorts_by_the_given_name():
    assert sorted(["王二", "王一"], key=name_stroke_key) == ["王一", "王二"]


def test_package_data_error_for_da_is_corrected():
    assert stroke_count("达") == 6


def test_separator_of_transliterated_names_is_ignored_and_unknown_characters_sort_last():
    assert name_stroke_key("买买提·艾力") == name_stroke_key("买买提艾力")
    assert name_stroke_key("王𠮷") > name_stroke_key("王一")


chars = st.sampled_from(list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡丁万乙"))


@given(st.lists(st.text(alphabet=chars, min_size=1, max_size=3), min_size=2, max_size=12))
def test_stroke_key_orders_like_character_by_character_comparison(names):
    """The flat key compares exactly as (stroke count, stroke shapes) character by character."""
    from deputies.strokes import stroke_sequence

    def reference(name):
        return [(len(stroke_sequence(c)), stroke_sequence(c)) for c in name]

    assert [reference(n) for n in sorted(names, key=name_stroke_key)] == sorted(reference(n) for n in names)
