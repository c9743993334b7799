"""Checking roster rows: every problem as (row, column, reason), clean rows as the values to store.

The per-row rules are those of the services and the model fields (the same
messages), with the lookups they need loaded once (congresses) or once per
batch (regions) rather than per row. The stored values a row implies (ID hash,
birth date from the ID, stroke key) come from ``deputies.people.person_derived``,
as for a single save.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from operator import mul
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxLengthValidator
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from core.scoping import region_in_scope
from regions.models import Region

from ..choices import ETHNICITIES, Education, Gender, PoliticalAffiliation, SectorClass
from ..models import Congress, Deputy, ExpertiseTag, Person
from ..people import person_derived
from ..validators import (
    ID_WEIGHTS,
    id_birth_date,
    id_gender_is_male,
    id_number_errors,
    normalize_id_number,
    normalize_mobile,
    validate_mobile,
)
from .columns import (
    ADDRESS,
    BIRTH_DATE,
    CONGRESS,
    DELEGATION,
    EDUCATION,
    ELECTED_ON,
    ELECTORAL_UNIT,
    EMAIL,
    ETHNICITY,
    GENDER,
    HEADERS,
    ID_NUMBER,
    MOBILE,
    NAME,
    OCCUPATION,
    PARTY,
    REGION,
    REQUIRED,
    SECTOR,
    TAGS,
    VALUE_SYNONYMS,
    WORK_UNIT,
)

# Columns whose full-width forms are folded to ASCII before checking (identifiers, codes, dates).
_FOLDED = (BIRTH_DATE, ID_NUMBER, MOBILE, EMAIL, REGION, ELECTED_ON)


def _vocabulary(header: str, choices, extra: dict[str, dict[str, str]]) -> tuple[dict[str, str], list[str]]:
    """(word → stored value, the labels to list in an error): a choice's label and its synonyms."""
    labels = {str(label): value for value, label in choices.choices}
    words = dict(labels)
    for table in (VALUE_SYNONYMS.get(header, {}), extra.get(header, {})):
        for word, label in table.items():
            if label in labels:
                words.setdefault(word, labels[label])
    return words, list(labels)


def _fold(text: str) -> str:
    """Full-width digits, letters and punctuation as their ASCII forms (registers typed in a CJK input mode)."""
    return unicodedata.normalize("NFKC", text).strip() if not text.isascii() else text


@dataclass
class RowError:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        return _("第%(row)d行 “%(column)s”：%(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
# Five digits: Excel's day numbers from 1927 to 2173 (a bare four-digit number is rather a year).
_SERIAL_RE = re.compile(r"^\d{5}(?:\.0+)?$")
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00:00)?$")
_TAG_SPLIT = re.compile(r"[、,，;；\s]+")


# Free-text columns and the model fields that hold them: length and e-mail shape are checked
# by the fields' own validators (with Django's messages), so nothing too long or malformed is written.
_TEXT_FIELDS = {
    "姓名": (Person, "name"),
    "职业": (Person, "occupation"),
    "工作单位及职务": (Person, "work_unit"),
    "电子邮箱": (Person, "email"),
    "通讯地址": (Person, "address"),
    "选举单位": (Deputy, "electoral_unit"),
    "代表团": (Deputy, "delegation"),
}


def _field_errors(model, field: str, value: str) -> list[str]:
    try:
        model._meta.get_field(field).run_validators(value)
    except ValidationError as exc:
        return exc.messages
    return []


# Addresses of this shape pass Django's EmailValidator (a strict subset of what it accepts).
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9]{1,63}(?:\.[A-Za-z0-9]{1,63})*\.[A-Za-z]{2,63}", re.ASCII
)


def _plain_rule(model, field: str) -> tuple[int, re.Pattern | None] | None:
    """(maximum length, pattern) such that a value within both passes the field's validators without
    running them; None when the validators must always run."""
    limit, pattern = None, None
    for validator in model._meta.get_field(field).validators:
        if isinstance(validator, MaxLengthValidator):
            limit = validator.limit_value
        elif type(validator) is EmailValidator:
            pattern = _PLAIN_EMAIL
        else:
            return None
    return (limit, pattern) if limit is not None else None


def _parse_date(value: str) -> dt.date | tuple[int, int]:
    """A cell's date as registers write it, or (year, month) for a month alone; ValueError otherwise.

    2024-01-31, 2024/1/31, 2024.1.31, 2024年1月31日, 20240131, an Excel serial
    day number (a date cell formatted as a number), and for a month 2024-01,
    2024.1, 2024年1月.
    """
    match = _DATE_RE.match(value)
    if match:
        return dt.date(*(int(g) for g in match.groups()))
    match = _COMPACT_DATE_RE.match(value)
    if match:
        return dt.date(*(int(g) for g in match.groups()))
    if _SERIAL_RE.match(value):
        return from_excel(float(value)).date()
    match = _MONTH_RE.match(value)
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    raise ValueError(value)


def _unlisted(value: str, labels: list[str]) -> str:
    return _("“%(value)s”不在可选值之内：%(values)s") % {"value": value, "values": "、".join(labels)}


def _gender_mismatch(id_number: str, gender: str) -> str:
    by_id = Gender.MALE if id_gender_is_male(id_number) else Gender.FEMALE
    return _("身份证号码中的性别为“%(id)s”，与填写的性别“%(given)s”不一致。") % {
        "id": by_id.label,
        "given": Gender(gender).label,
    }


def _month_mismatch(born: dt.date, month: tuple[int, int]) -> str:
    return _("身份证号码中的出生日期为%(id)s，与填写的出生年月%(given)s不一致。") % {
        "id": f"{born.year}年{born.month}月{born.day}日",
        "given": f"{month[0]}年{month[1]}月",
    }


@dataclass(slots=True)
class CleanRow:
    """A checked row: the values to write, already converted and normalised."""

    row: int
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    political_affiliation: str
    education: str
    occupation: str
    work_unit: str
    id_number: str
    id_hash: str  # the derived columns, as person_derived gives them
    born: dt.date  # the birth date to store: the row's, else the ID number's
    stroke_key: str
    mobile: str | None  # None: the row leaves the mobile as it is
    email: str
    address: str
    tags: tuple[str, ...]
    congress: Congress
    region: Region
    electoral_unit: str
    delegation: str
    sector_class: str
    elected_on: dt.date | None


_ID_SHAPE = re.compile(r"[1-9][0-9]{16}[0-9X]", re.ASCII)
_ID_WEIGHT_SUM_48 = 48 * sum(ID_WEIGHTS)  # each ASCII digit's code is 48 + its value


class RowChecker:
    """The per-row rules of the roster, with the lookups they need loaded once, not per row.

    ``check`` gives the same errors, in the same order and words, as checking
    the row field by field with the validators and services would; the fast
    paths only skip work for values that are plainly valid.
    """

    def __init__(self, user, *, congress: Congress | None = None):
        self.user = user
        self.congress = congress  # chosen on the import page: the congress of rows that name none
        self.congresses = {c.name: c for c in Congress.objects.select_related("region")}
        self.regions: dict[str, Region | None] = {}
        extra = getattr(settings, "ROSTER_SYNONYMS", {})
        self.genders = _vocabulary("性别", Gender, extra)[0]
        self.parties, self.party_labels = _vocabulary("政治面貌", PoliticalAffiliation, extra)
        self.educations, self.education_labels = _vocabulary("学历", Education, extra)
        self.sectors, self.sector_labels = _vocabulary("代表类别", SectorClass, extra)
        self.ethnicities = {e: e for e in ETHNICITIES}
        self.ethnicities.update({e.removesuffix("族"): e for e in ETHNICITIES})  # 汉 for 汉族
        self.ethnicities.update(extra.get("民族", {}))
        self.seen: dict[tuple[str, int], int] = {}
        self.today = dt.date.today()
        self._congress_scope: dict[int, bool] = {}
        self._placements: dict[tuple[int | None, str], str] = {}
        self._dates: dict[str, dt.date | None] = {}
        self._births: dict[str, dt.date | None] = {}
        self._text_checks = []
        for header, (model, field) in _TEXT_FIELDS.items():
            rule = _plain_rule(model, field)
            limit, pattern = rule if rule is not None else (-1, None)
            self._text_checks.append((HEADERS.index(header), header, model, field, limit, pattern))
        rule = _plain_rule(ExpertiseTag, "name")
        self._tag_limit = rule[0] if rule is not None and rule[1] is None else -1
        self.exclusive = nullcontext  # the writer's, once it runs in a thread

    def load_regions(self, codes: Iterable[str]) -> None:
        """Fetch the regions of a batch's codes not seen yet, in one query."""
        missing = {code for code in codes if code and code not in self.regions}
        if missing:
            with self.exclusive():
                found = {r.code: r for r in Region.objects.filter(code__in=missing)}
            for code in missing:
                self.regions[code] = found.get(code)

    def _date(self, text: str) -> dt.date | tuple[int, int] | None:
        """The date of a cell, (year, month) for a month alone, or None (cached: rosters repeat dates)."""
        if text in self._dates:
            return self._dates[text]
        try:
            value = _parse_date(text)
        except ValueError:
            value = None
        if len(self._dates) < 100_000:
            self._dates[text] = value
        return value

    def _id_is_plainly_valid(self, number: str, birth: dt.date | None, male: bool | None) -> bool:
        """True when ``id_number_errors`` would find nothing; False means "ask it"."""
        if len(number) != 18 or not _ID_SHAPE.fullmatch(number):
            return False
        key = number[6:14]
        born = self._births.get(key, False)
        if born is False:
            born = self._births[key] = id_birth_date(number)
        if born is None or born > self.today or born.year < 1900:
            return False
        if birth is not None and born != birth:
            return False
        total = sum(map(mul, number[:17].encode("ascii"), ID_WEIGHTS)) - _ID_WEIGHT_SUM_48
        if "10X98765432"[total % 11] != number[17]:
            return False
        return male is None or ((ord(number[16]) - 48) % 2 == 1) == male

    def check(self, number: int, v: list[str]) -> tuple[CleanRow | None, list[RowError]]:
        errors: list[RowError] = []
        for index in _FOLDED:
            if not v[index].isascii():
                v[index] = _fold(v[index])
        for index in REQUIRED:
            if not v[index] and not (index == CONGRESS and self.congress is not None):
                errors.append(RowError(number, HEADERS[index], _("必填")))
        for index, header, model, field, limit, pattern in self._text_checks:
            text = v[index]
            if text and (len(text) > limit or (pattern is not None and not pattern.fullmatch(text))):
                errors.extend(RowError(number, header, reason) for reason in _field_errors(model, field, text))
        tags = tuple(t for t in _TAG_SPLIT.split(v[TAGS]) if t) if v[TAGS] else ()
        for tag in tags:
            if len(tag) > self._tag_limit:
                errors.extend(RowError(number, "专业名片", r) for r in _field_errors(ExpertiseTag, "name", tag))
        gender = None
        if v[GENDER]:
            gender = self.genders.get(v[GENDER])
            if gender is None:
                errors.append(RowError(number, "性别", _("“%(value)s”应为“男”或“女”") % {"value": v[GENDER]}))
        ethnicity = self.ethnicities.get(v[ETHNICITY] or "汉族")
        if ethnicity is None:
            errors.append(RowError(number, "民族", _("“%(value)s”不是56个民族的规范名称") % {"value": v[ETHNICITY]}))
        choices = []
        for index, table, labels in (
            (PARTY, self.parties, self.party_labels),
            (EDUCATION, self.educations, self.education_labels),
        ):
            text = v[index]
            if text and text not in table:
                errors.append(RowError(number, HEADERS[index], _unlisted(text, labels)))
            choices.append(table.get(text, ""))
        birth = birth_month = None
        if v[BIRTH_DATE]:
            found = self._date(v[BIRTH_DATE])
            if found is None:
                errors.append(RowError(number, "出生日期", _("日期格式应为 2024-01-31")))
            elif isinstance(found, tuple):
                birth_month = found  # checked against the ID number's birth date by month
            else:
                birth = found
        id_number = ""
        raw_id = v[ID_NUMBER]
        if raw_id:
            male = None if gender is None else gender == Gender.MALE
            id_number = raw_id.upper() if raw_id.isalnum() else normalize_id_number(raw_id)
            reasons = []
            if not self._id_is_plainly_valid(id_number, birth, male):
                reasons = id_number_errors(raw_id, birth_date=birth)
                if not reasons and male is not None and id_gender_is_male(id_number) != male:
                    reasons = [_gender_mismatch(id_number, gender)]
            if not reasons and birth_month is not None:
                born = id_birth_date(id_number)
                if (born.year, born.month) != birth_month:
                    reasons = [_month_mismatch(born, birth_month)]
            errors.extend(RowError(number, "身份证号码", r) for r in reasons)
        mobile = None
        raw_mobile = v[MOBILE]
        if raw_mobile:
            if len(raw_mobile) == 11 and raw_mobile.isascii() and raw_mobile.isdigit() and raw_mobile[1] > "2":
                mobile = raw_mobile if raw_mobile[0] == "1" else None
            if mobile is None:
                try:
                    validate_mobile(raw_mobile)
                except Exception:
                    errors.append(RowError(number, "手机号码", _("不是有效的手机号码")))
                mobile = normalize_mobile(raw_mobile)
        congress = self.congresses.get(v[CONGRESS]) if v[CONGRESS] else self.congress
        if v[CONGRESS] and congress is None:
            errors.append(RowError(number, "所属人大", _("系统中没有名为“%(name)s”的人大") % {"name": v[CONGRESS]}))
        elif congress is not None and not self._congress_in_scope(congress):
            errors.append(RowError(number, "所属人大", _("该人大的代表不由您管理")))
        code = v[REGION]
        region = None
        if code:
            if code not in self.regions:
                self.load_regions([code])
            region = self.regions[code]
            problem = self._placement(congress, code, region)
            if problem == "unknown":
                errors.append(RowError(number, "所属行政区划代码", _("行政区划代码不存在")))
            elif problem == "scope":
                errors.append(RowError(number, "所属行政区划代码", _("不在您的管辖范围内")))
            elif problem == "area":
                errors.append(RowError(number, "所属行政区划代码", _("不在该人大的行政区域之内")))
        if v[SECTOR] and v[SECTOR] not in self.sectors:
            errors.append(RowError(number, "代表类别", _unlisted(v[SECTOR], self.sector_labels)))
        elected_on = None
        if v[ELECTED_ON]:
            elected_on = self._date(v[ELECTED_ON])
            if not isinstance(elected_on, dt.date):
                elected_on = None
                errors.append(RowError(number, "当选日期", _("日期格式应为 2024-01-31")))
        if congress is not None and raw_id:
            key = (id_number, congress.pk)
            if key in self.seen:
                errors.append(RowError(number, "身份证号码", _("与第%(row)d行重复") % {"row": self.seen[key]}))
            else:
                self.seen[key] = number
        if errors:
            return None, errors
        derived = person_derived(
            {"name": v[NAME], "gender": gender, "id_number": id_number, "birth_date": birth, "mobile": mobile}
        )
        return CleanRow(  # positional, in field order: this runs once per row
            number,
            v[NAME],
            derived["gender"],  # the row's, else the ID number's
            ethnicity,
            birth,
            choices[0],
            choices[1],
            v[OCCUPATION],
            v[WORK_UNIT],
            id_number,
            derived["id_number_hash"],
            derived["birth_date"],
            derived["name_stroke_key"],
            mobile,
            v[EMAIL],
            v[ADDRESS],
            tags,
            congress,
            region,
            v[ELECTORAL_UNIT],
            v[DELEGATION],
            self.sectors.get(v[SECTOR], ""),
            elected_on,
        ), []

    def _congress_in_scope(self, congress: Congress) -> bool:
        found = self._congress_scope.get(congress.pk)
        if found is None:
            found = self._congress_scope[congress.pk] = region_in_scope(self.user, congress.region)
        return found

    def _placement(self, congress: Congress | None, code: str, region: Region | None) -> str:
        """What is wrong with the region of a row ("" for nothing), cached per congress and code."""
        key = (congress.pk if congress is not None else None, code)
        found = self._placements.get(key)
        if found is None:
            if region is None:
                found = "unknown"
            elif not region_in_scope(self.user, region):
                found = "scope"
            elif congress is not None and not congress.region.contains(region):
                found = "area"
            else:
                found = ""
            self._placements[key] = found
        return found


def check_rows(rows: list[dict[str, str]], *, user) -> tuple[list[CleanRow], list[RowError]]:
    """Validate rows given as {header: text}, numbered from 2 as in a sheet; collect all errors."""
    checker = RowChecker(user)
    checker.load_regions(r.get("所属行政区划代码", "") for r in rows)
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    for index, raw in enumerate(rows):
        values = [str(raw.get(h, "")).strip() for h in HEADERS]
        if any(values):
            row, row_errors = checker.check(index + 2, values)
            errors.extend(row_errors)
            if row is not None:
                clean.append(row)
    return clean, errors
