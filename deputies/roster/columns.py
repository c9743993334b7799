"""The roster workbook's columns: one declaration for the template, the import and the export.

The headers are the file format, not interface text: they stay Chinese in
every language. A column's ``key`` is the model field it fills (a person's,
a mandate's, or the congress and region the mandate belongs to).
"""

from __future__ import annotations

import unicodedata
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
    Column("性别", "gender", False, "男"),  # may be left out: the ID number has it
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


# Real registers: header vocabulary
# ------------------------------------------------------------------------------
# Offices' own registers name the columns their own way; these are the names met in
# practice, each matched after normalise_header (so spacing, full-width forms and a
# trailing colon or asterisk do not matter).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "姓名": ("名字", "代表姓名"),
    "出生日期": ("出生年月", "出生年月日", "生日"),
    "身份证号码": ("身份证号", "身份证", "公民身份号码", "身份证件号码"),
    "政治面貌": ("党派",),
    "学历": ("文化程度", "最高学历"),
    "工作单位及职务": ("单位职务", "工作单位和职务", "单位及职务", "工作单位职务", "工作单位"),
    "手机号码": ("手机", "手机号", "联系电话", "移动电话", "联系方式"),
    "电子邮箱": ("邮箱", "电子邮件", "email", "e-mail"),
    "通讯地址": ("地址", "联系地址", "通信地址"),
    "专业名片": ("专业领域", "专长"),
    "所属人大": ("人大", "所属人民代表大会"),
    "所属行政区划代码": ("行政区划代码", "区划代码"),
    "选举单位": ("选区",),
    "代表类别": ("代表构成", "构成类别"),
    "当选日期": ("当选时间",),
}
# Rows searched for the header: title rows, merged title cells and notes come before it.
HEADER_SCAN_ROWS = 10
_HEADER_TRIM = ":*、,.;!?·"


def normalise_header(text: str) -> str:
    """A header as compared: full-width forms folded, every space gone, no trailing punctuation."""
    folded = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    folded = "".join(folded.split()).strip(_HEADER_TRIM)
    return folded.lower() if folded.isascii() else folded


# Normalised header → (canonical header, rank): the canonical name ranks before its synonyms.
_HEADER_NAMES: dict[str, tuple[str, int]] = {}
for _column in COLUMNS:
    _HEADER_NAMES[normalise_header(_column.header)] = (_column.header, 0)
    for _rank, _synonym in enumerate(HEADER_SYNONYMS.get(_column.header, ()), start=1):
        _HEADER_NAMES.setdefault(normalise_header(_synonym), (_column.header, _rank))


def canonical_header(text: str) -> tuple[str, int] | None:
    """(the roster header a sheet's header means, its rank among that header's names), or None."""
    return _HEADER_NAMES.get(normalise_header(text))


# Value vocabularies: the words registers use for the choices, to the choices' labels. An office
# extends them with the ROSTER_SYNONYMS setting, {header: {word: label}}, e.g.
# {"学历": {"在职研究生": "硕士研究生"}}.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "性别": {"男性": "男", "女性": "女"},
    "学历": {
        "研究生": "硕士研究生",
        "硕士": "硕士研究生",
        "博士": "博士研究生",
        "大学": "大学本科",
        "本科": "大学本科",
        "大本": "大学本科",
        "大专": "大学专科",
        "专科": "大学专科",
        "高中": "中专或高中",
        "中专": "中专或高中",
        "职高": "中专或高中",
        "初中": "初中及以下",
        "小学": "初中及以下",
    },
    "政治面貌": {
        "党员": "中共党员",
        "中共": "中共党员",
        "共产党员": "中共党员",
        "中国共产党党员": "中共党员",
        "预备党员": "中共预备党员",
        "团员": "共青团员",
        "无党派": "无党派人士",
        "民革": "民革党员",
        "民盟": "民盟盟员",
        "民建": "民建会员",
        "民进": "民进会员",
        "农工党": "农工党党员",
        "致公党": "致公党党员",
        "九三学社": "九三学社社员",
        "台盟": "台盟盟员",
    },
    "代表类别": {
        "干部": "党政机关干部",
        "党政干部": "党政机关干部",
        "专业技术": "专业技术人员",
        "技术人员": "专业技术人员",
        "军人": "解放军和武警",
        "企业家": "企业负责人",
    },
}
