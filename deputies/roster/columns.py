"""The roster workbook's columns: one declaration for the template, the import and the export.

The headers are the file format, not interface text: they stay Chinese in
every language. A column's ``key`` is the model field it fills (a person's,
a mandate's, or the congress and region the mandate belongs to).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.exports import xlsx_bytes


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    example: str = ""


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
# Positions of the columns in a row's list of values (the order of COLUMNS).
(
    NAME,
    GENDER,
    ETHNICITY,
    BIRTH_DATE,
    ID_NUMBER,
    PARTY,
    EDUCATION,
    OCCUPATION,
    WORK_UNIT,
    MOBILE,
    EMAIL,
    ADDRESS,
    TAGS,
    CONGRESS,
    REGION,
    ELECTORAL_UNIT,
    DELEGATION,
    SECTOR,
    ELECTED_ON,
) = range(len(COLUMNS))
REQUIRED = [i for i, c in enumerate(COLUMNS) if c.required]

# The export shows the mandate's level after the person and its status at the end.
EXPORT_HEADERS = [*HEADERS[:13], "代表层级", *HEADERS[13:], "状态"]


def template_xlsx() -> bytes:
    """The blank template offices fill in, with one example row (delete it before importing)."""
    return xlsx_bytes({_("代表名册"): (HEADERS, [[c.example for c in COLUMNS]])})
