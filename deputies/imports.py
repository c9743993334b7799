"""The roster workbook: one column spec for the template, the import and the export.

Offices keep their rosters in one sheet with Chinese headers. Import is
all-or-nothing: every row is checked first and every problem reported as
(row, column, reason); only a clean file is written, in one transaction.
A row is matched to an existing mandate by ID number (its keyed hash) and
congress, so importing the same file again updates instead of duplicating.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.exports import xlsx_bytes
from core.scoping import region_in_scope
from regions.models import Region

from .choices import ETHNICITIES, Education, Gender, PoliticalAffiliation, SectorClass
from .models import Congress, Deputy
from .validators import (
    id_number_errors,
    id_number_hash,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
    validate_mobile,
)


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    example: str = ""


# The headers are the file format, not interface text: they stay Chinese in every language.
COLUMNS = [
    Column("姓名", "name", True, "张三"),
    Column("性别", "gender", True, "男"),
    Column("民族", "ethnicity", False, "汉族"),
    Column("出生日期", "birth_date", False, "1975-06-01"),
    Column("身份证号码", "id_number", True, "330106197506010011"),
    Column("政治面貌", "political_affiliation", False, "中共党员"),
    Column("学历", "education", False, "大学本科"),
    Column("职业", "occupation", False, "工程师"),
    Column("工作单位及职务", "work_unit", False, "杭州市某某公司总工程师"),
    Column("手机号码", "mobile", False, "13800000000"),
    Column("电子邮箱", "email", False, ""),
    Column("通讯地址", "address", False, ""),
    Column("专业名片", "expertise_tags", False, "数字经济、科技创新"),
    Column("所属人大", "congress", True, "杭州市西湖区第十届人民代表大会"),
    Column("所属行政区划代码", "region", True, "330106"),
    Column("选举单位", "electoral_unit", False, "西溪街道选区"),
    Column("代表团", "delegation", False, ""),
    Column("代表类别", "sector_class", False, "专业技术人员"),
    Column("当选日期", "elected_on", False, "2021-12-20"),
]
HEADERS = [c.header for c in COLUMNS]
_BY_HEADER = {c.header: c for c in COLUMNS}


def _labels(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices}


def template_xlsx() -> bytes:
    """The blank template offices fill in, with one example row (delete it before importing)."""
    return xlsx_bytes({_("代表名册"): (HEADERS, [[c.example for c in COLUMNS]])})


# Reading and checking
# ------------------------------------------------------------------------------


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


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+00:00:00)?$")


def _parse_date(value: str) -> dt.date:
    match = _DATE_RE.match(value)
    if not match:
        raise ValueError(value)
    return dt.date(*(int(g) for g in match.groups()))


def read_rows(file) -> list[dict[str, str]]:
    """Rows of the first sheet as {header: text}; raises ApplicationError for a missing column."""
    try:
        frame = pd.read_excel(file, sheet_name=0, dtype=str, engine="openpyxl").fillna("")
    except Exception as exc:
        raise ApplicationError(_("无法读取文件，请使用导入模板（.xlsx）。")) from exc
    frame.columns = [str(c).strip().rstrip("*") for c in frame.columns]
    missing = [c.header for c in COLUMNS if c.required and c.header not in frame.columns]
    if missing:
        raise ApplicationError(_("缺少必填列：%(columns)s") % {"columns": "、".join(missing)})
    rows = []
    for record in frame.to_dict(orient="records"):
        row = {h: str(record.get(h, "")).strip() for h in HEADERS}
        rows.append(row)
    return rows


@dataclass
class CleanRow:
    row: int
    person: dict[str, Any]
    congress: Congress
    region: Region
    mandate: dict[str, Any]


def check_rows(rows: list[dict[str, str]], *, user) -> tuple[list[CleanRow], list[RowError]]:
    """Validate every row against the same rules as the services; collect all errors, stop at none."""
    congresses = {c.name: c for c in Congress.objects.select_related("region")}
    regions = {r.code: r for r in Region.objects.filter(code__in={r.get("所属行政区划代码", "") for r in rows})}
    genders = _labels(Gender)
    parties = _labels(PoliticalAffiliation)
    educations = _labels(Education)
    sectors = _labels(SectorClass)
    clean: list[CleanRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int], int] = {}
    for index, raw in enumerate(rows):
        number = index + 2  # the header is row 1
        if not any(raw.values()):
            continue
        row_errors: list[RowError] = []

        def err(header: str, reason: str, *, _n=number, _errs=row_errors) -> None:
            _errs.append(RowError(_n, header, reason))

        for column in COLUMNS:
            if column.required and not raw[column.header]:
                err(column.header, _("必填"))
        person: dict[str, Any] = {
            "name": raw["姓名"],
            "occupation": raw["职业"],
            "work_unit": raw["工作单位及职务"],
            "email": raw["电子邮箱"],
            "address": raw["通讯地址"],
            "ethnicity": raw["民族"] or "汉族",
            "expertise_tags": [t for t in re.split(r"[、,，;；\s]+", raw["专业名片"]) if t],
        }
        if raw["性别"]:
            if raw["性别"] in genders:
                person["gender"] = genders[raw["性别"]]
            else:
                err("性别", _("应为“男”或“女”"))
        if person["ethnicity"] not in ETHNICITIES:
            err("民族", _("不是56个民族的规范名称"))
        for header, key, table in (("政治面貌", "political_affiliation", parties), ("学历", "education", educations)):
            if raw[header] and raw[header] not in table:
                err(header, _("不在可选值之内：%(values)s") % {"values": "、".join(table)})
            person[key] = table.get(raw[header], "")
        birth = None
        if raw["出生日期"]:
            try:
                birth = _parse_date(raw["出生日期"])
            except ValueError:
                err("出生日期", _("日期格式应为 2024-01-31"))
        person["birth_date"] = birth
        if raw["身份证号码"]:
            male = None if "gender" not in person else person["gender"] == Gender.MALE
            for reason in id_number_errors(raw["身份证号码"], birth_date=birth, male=male):
                err("身份证号码", reason)
            person["id_number"] = normalize_id_number(raw["身份证号码"])
        if raw["手机号码"]:
            try:
                validate_mobile(raw["手机号码"])
            except Exception:
                err("手机号码", _("不是有效的手机号码"))
            person["mobile"] = raw["手机号码"]
        congress = congresses.get(raw["所属人大"])
        if raw["所属人大"] and congress is None:
            err("所属人大", _("系统中没有名为“%(name)s”的人大") % {"name": raw["所属人大"]})
        elif congress is not None and not region_in_scope(user, congress.region):
            err("所属人大", _("该人大的代表不由您管理"))
        region = regions.get(raw["所属行政区划代码"])
        if raw["所属行政区划代码"]:
            if region is None:
                err("所属行政区划代码", _("行政区划代码不存在"))
            elif not region_in_scope(user, region):
                err("所属行政区划代码", _("不在您的管辖范围内"))
            elif congress is not None and not congress.region.contains(region):
                err("所属行政区划代码", _("不在该人大的行政区域之内"))
        mandate: dict[str, Any] = {"electoral_unit": raw["选举单位"], "delegation": raw["代表团"]}
        if raw["代表类别"] and raw["代表类别"] not in sectors:
            err("代表类别", _("不在可选值之内：%(values)s") % {"values": "、".join(sectors)})
        mandate["sector_class"] = sectors.get(raw["代表类别"], "")
        mandate["elected_on"] = None
        if raw["当选日期"]:
            try:
                mandate["elected_on"] = _parse_date(raw["当选日期"])
            except ValueError:
                err("当选日期", _("日期格式应为 2024-01-31"))
        if congress is not None and raw["身份证号码"]:
            key = (normalize_id_number(raw["身份证号码"]), congress.pk)
            if key in seen:
                err("身份证号码", _("与第%(row)d行重复") % {"row": seen[key]})
            seen.setdefault(key, number)
        if row_errors:
            errors.extend(row_errors)
        else:
            clean.append(CleanRow(number, person, congress, region, mandate))
    return clean, errors


@transaction.atomic
def roster_import(*, actor, rows: list[dict[str, str]]) -> dict[str, Any]:
    """Import a checked roster; with any error nothing is written and every error is returned."""
    from . import services

    clean, errors = check_rows(rows, user=actor)
    if errors:
        return {"created": 0, "updated": 0, "errors": errors}
    created = updated = 0
    try:
        for item in clean:
            existing = (
                Deputy.objects.visible_to(actor)
                .filter(person__id_number_hash=id_number_hash(item.person["id_number"]), congress=item.congress)
                .first()
            )
            if existing is not None:
                services.deputy_update(
                    actor=actor, deputy=existing, person=item.person, region=item.region, **item.mandate
                )
                updated += 1
            else:
                services.deputy_create(
                    actor=actor, congress=item.congress, region=item.region, person=item.person, **item.mandate
                )
                created += 1
    except ApplicationError as exc:
        # A rule only the database can see (e.g. the ID belongs to a mandate out of reach).
        transaction.set_rollback(True)
        column = next((c.header for c in COLUMNS if c.key == exc.field), "")
        return {"created": 0, "updated": 0, "errors": [RowError(item.row, column, str(exc.message))]}
    return {"created": created, "updated": updated, "errors": []}


# Export
# ------------------------------------------------------------------------------


EXPORT_HEADERS = [*HEADERS[:13], "代表层级", *HEADERS[13:], "状态"]


def export_rows(queryset) -> list[list[Any]]:
    """Roster rows with identifiers masked; the queryset is exactly what the user filtered."""
    rows = []
    for d in queryset:
        p = d.person
        rows.append(
            [
                p.name,
                p.get_gender_display(),
                p.ethnicity,
                p.birth_date.isoformat() if p.birth_date else "",
                mask_id_number(p.id_number),
                p.get_political_affiliation_display(),
                p.get_education_display(),
                p.occupation,
                p.work_unit,
                mask_mobile(p.mobile),
                p.email,
                p.address,
                "、".join(t.name for t in p.expertise_tags.all()),
                d.get_level_display(),
                d.congress.name,
                d.region.code,
                d.electoral_unit,
                d.delegation,
                d.get_sector_class_display(),
                d.elected_on.isoformat() if d.elected_on else "",
                d.get_status_display(),
            ]
        )
    return rows
