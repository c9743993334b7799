"""Property tests of the Excel imports: the deputy roster and the publicity daily views.

The rules (docs/architecture.md, rule 4): an import is all-or-nothing, every bad row is
reported with its row number and column, and importing the same file again updates
instead of duplicating. Whatever text a cell holds, the import ends with row errors or
with clean values, never with an exception.
"""

from __future__ import annotations

import datetime as dt
import io
import string

import pandas as pd
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from core.jobs import JobOutcome, job_handler
from core.models import Job
from deputies.choices import ETHNICITIES, Education, PoliticalAffiliation, SectorClass
from deputies.models import Deputy, ExpertiseTag, Person
from deputies.roster import HEADERS
from deputies.validators import id_check_char
from publicity.models import PostView
from tests.deputies.factories import congress_for
from tests.factories import region
from tests.publicity.factories import PostFactory

from .support import FEW, PROPERTY, rolled_back

pytestmark = pytest.mark.django_db


def run_import(kind: str, owner, rows: list[dict], columns: list[str] | None = None) -> JobOutcome:
    """Write ``rows`` to an .xlsx upload and run the import job's handler on it, as the worker does."""
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=columns).to_excel(buffer, index=False)
    job = Job(kind=kind, title=kind, owner=owner)
    job.input_file.save("upload.xlsx", ContentFile(buffer.getvalue()), save=False)
    job.save()
    return job_handler(kind)(job, lambda percent: None)


def reported(outcome: JobOutcome) -> set[tuple[int, str]]:
    return {(int(e["row"]), e["column"]) for e in outcome.data.get("errors", [])}


# The deputy roster
# ------------------------------------------------------------------------------

ROSTER = "deputies.roster_import"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国红梅志文斌宇浩然晨曦"
DATE_FORMATS = ["{d:%Y-%m-%d}", "{d:%Y/%m/%d}", "{d.year}年{d.month}月{d.day}日", "{d.year}.{d.month}.{d.day}"]
TAGS = ["数字经济", "科技创新", "乡村振兴", "生态环境", "教育", "医疗卫生", "基层治理"]


def labels(choices) -> list[str]:
    return [str(label) for label in choices.labels]


@st.composite
def roster_people(draw) -> dict:
    """What a valid roster row says about one person; the ID number is made per row (see ``roster_row``)."""
    return {
        "name": draw(st.sampled_from(SURNAMES)) + draw(st.text(alphabet=GIVEN, min_size=1, max_size=2)),
        "male": draw(st.booleans()),
        "birth": draw(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 12, 31))),
        "birth_format": draw(st.sampled_from(["", *DATE_FORMATS])),
        "area": draw(st.sampled_from(["330106", "330212", "110101", "440305"])),
        "ethnicity": draw(st.sampled_from(["", *ETHNICITIES[:12]])),
        "party": draw(st.sampled_from(["", *labels(PoliticalAffiliation)])),
        "education": draw(st.sampled_from(["", *labels(Education)])),
        "mobile": draw(st.one_of(st.just(""), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))),
        "tags": draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
        "region": draw(st.sampled_from(["330106", "330106004", "330106010"])),
        "sector": draw(st.sampled_from(["", *labels(SectorClass)])),
        "elected_on": draw(st.one_of(st.just(""), st.dates(dt.date(2016, 1, 1), dt.date(2025, 12, 31)).map(str))),
    }


def roster_row(person: dict, index: int, congress_name: str) -> dict[str, str]:
    """A valid row; ``index`` makes the ID number's sequence digits unique within the file."""
    order = (index * 2 + (1 if person["male"] else 0)) % 1000
    first17 = f"{person['area']}{person['birth']:%Y%m%d}{order:03d}"
    birth = person["birth_format"].format(d=person["birth"]) if person["birth_format"] else ""
    return {
        "姓名": person["name"],
        "性别": "男" if person["male"] else "女",
        "民族": person["ethnicity"],
        "出生日期": birth,
        "身份证号码": first17 + id_check_char(first17),
        "政治面貌": person["party"],
        "学历": person["education"],
        "职业": "工程师",
        "工作单位及职务": "西湖区某公司",
        "手机号码": person["mobile"],
        "专业名片": "、".join(person["tags"]),
        "所属人大": congress_name,
        "所属行政区划代码": person["region"],
        "选举单位": "西溪街道选区",
        "代表类别": person["sector"],
        "当选日期": person["elected_on"],
    }


def _flip_check_digit(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


def _other_birth(row: dict, person: dict) -> str:
    return (person["birth"] + dt.timedelta(days=1)).isoformat()


# Each way to spoil a row: (column changed, new value from the row, column the error must name).
CORRUPTIONS = {
    "no name": ("姓名", lambda row, p: "", "姓名"),
    "gender unknown": ("性别", lambda row, p: "未知", "性别"),
    "gender contradicts the ID": ("性别", lambda row, p: "女" if p["male"] else "男", "身份证号码"),
    "ethnicity": ("民族", lambda row, p: "火星族", "民族"),
    "impossible birth date": ("出生日期", lambda row, p: f"{p['birth'].year}-02-30", "出生日期"),
    "birth date contradicts the ID": ("出生日期", _other_birth, "身份证号码"),
    "check digit": ("身份证号码", lambda row, p: _flip_check_digit(row["身份证号码"]), "身份证号码"),
    "short ID": ("身份证号码", lambda row, p: row["身份证号码"][:17], "身份证号码"),
    "no ID": ("身份证号码", lambda row, p: "", "身份证号码"),
    "party": ("政治面貌", lambda row, p: "宇宙党", "政治面貌"),
    "education": ("学历", lambda row, p: "幼儿园", "学历"),
    "mobile": ("手机号码", lambda row, p: "12345678901", "手机号码"),
    "unknown congress": ("所属人大", lambda row, p: "不存在的人民代表大会", "所属人大"),
    "unknown region": ("所属行政区划代码", lambda row, p: "339999", "所属行政区划代码"),
    "region out of scope": ("所属行政区划代码", lambda row, p: "330212", "所属行政区划代码"),
    "sector": ("代表类别", lambda row, p: "外星人", "代表类别"),
    "election date": ("当选日期", lambda row, p: "2021-13-01", "当选日期"),
    "duplicate of row 2": ("身份证号码", None, "身份证号码"),
}

roster_files = st.lists(
    st.tuples(roster_people(), st.one_of(st.none(), st.sampled_from(sorted(CORRUPTIONS)))), min_size=1, max_size=6
)


def build_roster(specs, congress_name: str) -> tuple[list[dict], set[tuple[int, str]]]:
    """The file's rows and the (row number, column) of every error the import must report."""
    rows, expected = [], set()
    for index, (person, corruption) in enumerate(specs):
        row = roster_row(person, index, congress_name)
        number = index + 2  # row 1 holds the headers
        if corruption == "duplicate of row 2":
            if index == 0 or specs[0][1] is not None:
                corruption = None  # only a clean first row is a well-defined original
            else:
                for header in ("姓名", "性别", "出生日期", "身份证号码"):
                    row[header] = rows[0][header]
        if corruption is not None:
            column, spoil, error_column = CORRUPTIONS[corruption]
            if spoil is not None:
                row[column] = spoil(row, person)
            expected.add((number, error_column))
        rows.append(row)
    return rows, expected


def roster_snapshot() -> list[tuple]:
    """Every imported value a user could see, people and mandates."""
    return sorted(
        (
            d.person.name,
            d.person.gender,
            d.person.ethnicity,
            d.person.birth_date,
            d.person.id_number,
            d.person.mobile,
            d.person.political_affiliation,
            d.person.education,
            d.person.occupation,
            d.person.work_unit,
            d.person.email,
            d.person.address,
            tuple(sorted(t.name for t in d.person.expertise_tags.all())),
            d.congress_id,
            d.region.code,
            d.electoral_unit,
            d.delegation,
            d.sector_class,
            d.elected_on,
            d.status,
        )
        for d in Deputy.objects.select_related("person", "region").prefetch_related("person__expertise_tags")
    )


@pytest.fixture
def congress_name(db):
    return congress_for("330106").name


@PROPERTY
@given(specs=roster_files)
def test_roster_import_is_all_or_nothing_and_reports_every_bad_row(county_user, congress_name, specs):
    rows, expected = build_roster(specs, congress_name)
    with rolled_back():
        outcome = run_import(ROSTER, county_user, rows, columns=HEADERS)
        if expected:
            assert outcome.failed
            assert reported(outcome) == expected
            for number, _column in expected:
                assert f"第{number}行" in outcome.message
            assert not Person.objects.exists() and not Deputy.objects.exists()
            assert not ExpertiseTag.objects.exists()
        else:
            assert not outcome.failed, outcome.message
            assert outcome.data == {"created": len(rows), "updated": 0}
            assert Deputy.objects.count() == Person.objects.count() == len(rows)
            assert sorted(r["姓名"] for r in rows) == sorted(Person.objects.values_list("name", flat=True))


@PROPERTY
@given(people=st.lists(roster_people(), min_size=1, max_size=6))
def test_reimporting_the_same_roster_changes_nothing(county_user, congress_name, people):
    rows = [roster_row(person, index, congress_name) for index, person in enumerate(people)]
    with rolled_back():
        first = run_import(ROSTER, county_user, rows, columns=HEADERS)
        assert first.data == {"created": len(rows), "updated": 0}, first.message
        before = roster_snapshot()
        counts = (Person.objects.count(), Deputy.objects.count(), ExpertiseTag.objects.count())
        again = run_import(ROSTER, county_user, rows, columns=HEADERS)
        assert again.data == {"created": 0, "updated": len(rows)}, again.message
        assert roster_snapshot() == before
        assert (Person.objects.count(), Deputy.objects.count(), ExpertiseTag.objects.count()) == counts


# One otherwise valid row for the explicit examples below.
PLAIN_PERSON = {
    "name": "周杭",
    "male": True,
    "birth": dt.date(1975, 6, 1),
    "birth_format": "",
    "area": "330106",
    "ethnicity": "",
    "party": "",
    "education": "",
    "mobile": "",
    "tags": [],
    "region": "330106",
    "sector": "",
    "elected_on": "",
}

# Text a person might paste into a cell: CJK, Latin, digits (full-width too), punctuation,
# every kind of space, and things spreadsheets treat specially (formulas, "NaN", dates).
# Control characters other than tab and newline cannot be stored in an .xlsx at all.
cell_alphabet = st.one_of(
    st.sampled_from("王李张代表人大区街道男女汉族党员０１２３４５６７８９ＸX年月日、，；·"),
    st.sampled_from(string.ascii_letters + string.digits + string.punctuation),
    st.sampled_from(" \t\n\u3000\u00a0"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(blacklist_categories=("Cc", "Cs")),
)
garbage = st.one_of(
    st.text(alphabet=cell_alphabet, max_size=30),
    st.text(alphabet=cell_alphabet, min_size=60, max_size=300),
    st.sampled_from(["=1+1", "=A1", "+1", "-1", "@SUM(A1)", "NaN", "None", "null", "#N/A", "1e308", "0x1F"]),
    st.dates().map(str),
    st.integers().map(str),
)

# Columns whose text is stored as it is (after trimming), with the model field that holds it.
FREE_TEXT = {
    "职业": ("person", "occupation"),
    "工作单位及职务": ("person", "work_unit"),
    "电子邮箱": ("person", "email"),
    "通讯地址": ("person", "address"),
    "选举单位": ("mandate", "electoral_unit"),
    "代表团": ("mandate", "delegation"),
}


@PROPERTY
@given(
    people=st.lists(roster_people(), min_size=1, max_size=3),
    cells=st.lists(st.dictionaries(st.sampled_from(HEADERS), garbage, min_size=1, max_size=4), min_size=1, max_size=3),
)
@example(people=[PLAIN_PERSON], cells=[{"姓名": "王" * 65}])
@example(people=[PLAIN_PERSON], cells=[{"职业": "工" * 65, "专业名片": "标" * 33}])
@example(people=[PLAIN_PERSON], cells=[{"电子邮箱": "不是邮箱"}])
# 17 digits, some of them full-width, with the right check digit: the same number as its ASCII form.
@example(people=[PLAIN_PERSON], cells=[{"身份证号码": "3３０１０６１９７５０６０１００１4"}])
@example(people=[PLAIN_PERSON], cells=[{"手机号码": "13８００００１２３４"}])
def test_any_text_in_any_cell_ends_in_row_errors_or_clean_values(county_user, congress_name, people, cells):
    rows = [roster_row(person, index, congress_name) for index, person in enumerate(people)]
    for row, overrides in zip(rows, cells, strict=False):
        row.update(overrides)
    with rolled_back():
        outcome = run_import(ROSTER, county_user, rows, columns=HEADERS)  # raises on a crash
        if outcome.failed:
            assert outcome.data["errors"], outcome.message
            assert {column for _row, column in reported(outcome)} <= set(HEADERS)
            assert {number for number, _column in reported(outcome)} <= set(range(2, len(rows) + 2))
            assert not Person.objects.exists() and not Deputy.objects.exists()
            return
        # Accepted: what was stored is the cell's text, trimmed, and fits its field. Mandates are
        # created in the file's order (rows left entirely blank are skipped).
        written = Deputy.objects.select_related("person").prefetch_related("person__expertise_tags").order_by("pk")
        filled = [row for row in rows if any(str(v).strip() for v in row.values())]
        assert len(written) == len(filled)
        for row, deputy in zip(filled, written, strict=True):
            assert deputy.person.id_number.isascii() and len(deputy.person.id_number) == 18
            if deputy.person.mobile:
                assert deputy.person.mobile.isascii() and len(deputy.person.mobile) == 11
            for header, (owner, field) in FREE_TEXT.items():
                value = getattr(deputy.person if owner == "person" else deputy, field)
                assert value in ("", str(row.get(header, "")).strip()), header
            for obj in (deputy.person, deputy, *deputy.person.expertise_tags.all()):
                obj.full_clean(validate_unique=False, validate_constraints=False)


# Daily views of publicity posts
# ------------------------------------------------------------------------------

VIEWS = "publicity.views_import"
VIEW_COLUMNS = ["稿件编号", "日期", "阅读量"]
# Each way to spoil a row: (column changed, new value from the posts and today, column named).
VIEW_CORRUPTIONS = {
    "post id not a number": ("稿件编号", lambda posts, today: "第一篇", "稿件编号"),
    "post of another county": ("稿件编号", lambda posts, today: posts["theirs"], "稿件编号"),
    "draft post": ("稿件编号", lambda posts, today: posts["draft"], "稿件编号"),
    "no such post": ("稿件编号", lambda posts, today: posts["missing"], "稿件编号"),
    "date not a date": ("日期", lambda posts, today: "昨天", "日期"),
    "impossible date": ("日期", lambda posts, today: f"{today.year - 1}-02-30", "日期"),
    "future date": ("日期", lambda posts, today: (today + dt.timedelta(days=1)).isoformat(), "日期"),
    "negative views": ("阅读量", lambda posts, today: -5, "阅读量"),
    "views not a number": ("阅读量", lambda posts, today: "很多", "阅读量"),
}

view_rows = st.tuples(
    st.integers(0, 2),  # which of the three published posts
    st.integers(0, 400),  # days before today
    st.integers(0, 1_000_000),
    st.one_of(st.none(), st.sampled_from(sorted(VIEW_CORRUPTIONS))),
)


@pytest.fixture
def posts(county_user):
    """Three published posts of 西湖区 staff's scope, plus a draft and one out of their scope."""
    mine = [PostFactory(published=True).pk for _ in range(3)]
    draft = PostFactory().pk
    theirs = PostFactory(published=True, region=region("330212")).pk
    return {"mine": mine, "draft": draft, "theirs": theirs, "missing": max([*mine, draft, theirs]) + 1000}


def build_views(specs, posts) -> tuple[list[dict], set[tuple[int, str]]]:
    today = timezone.localdate()
    rows, expected = [], set()
    for index, (post, days_ago, views, corruption) in enumerate(specs):
        row = {
            "稿件编号": posts["mine"][post],
            "日期": (today - dt.timedelta(days=days_ago)).isoformat(),
            "阅读量": views,
        }
        if corruption is not None:
            column, spoil, error_column = VIEW_CORRUPTIONS[corruption]
            row[column] = spoil(posts, today)
            expected.add((index + 2, error_column))
        rows.append(row)
    return rows, expected


def views_snapshot() -> tuple:
    from publicity.models import Post

    return (
        sorted(PostView.objects.values_list("post_id", "date", "views")),
        sorted(Post.objects.values_list("pk", "view_total")),
    )


@PROPERTY
@given(specs=st.lists(view_rows, min_size=1, max_size=8))
def test_views_import_is_all_or_nothing_and_reports_every_bad_row(county_user, posts, specs):
    rows, expected = build_views(specs, posts)
    with rolled_back():
        before = views_snapshot()
        outcome = run_import(VIEWS, county_user, rows, columns=VIEW_COLUMNS)
        if expected:
            assert outcome.failed
            assert reported(outcome) == expected
            for number, _column in expected:
                assert f"第 {number} 行" in outcome.message
            assert views_snapshot() == before
        else:
            assert not outcome.failed, outcome.message
            distinct = {(r["稿件编号"], r["日期"]) for r in rows}
            assert PostView.objects.count() == outcome.data["created"] == len(distinct)
            # The last row for a post and day wins; each post's total is the sum of its days.
            last = {(r["稿件编号"], r["日期"]): r["阅读量"] for r in rows}
            for post_id, total in views_snapshot()[1]:
                assert total == sum(v for (p, _d), v in last.items() if p == post_id)


@PROPERTY
@given(specs=st.lists(view_rows.map(lambda spec: (*spec[:3], None)), min_size=1, max_size=8))
def test_reimporting_the_same_views_changes_nothing(county_user, posts, specs):
    rows, _expected = build_views(specs, posts)
    with rolled_back():
        first = run_import(VIEWS, county_user, rows, columns=VIEW_COLUMNS)
        assert not first.failed, first.message
        before = views_snapshot()
        again = run_import(VIEWS, county_user, rows, columns=VIEW_COLUMNS)
        assert again.data == {"created": 0, "updated": 0}, again.message
        assert views_snapshot() == before


view_cells = st.one_of(
    garbage,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)


def whole_number(cell) -> bool:
    try:
        return float(str(cell)).is_integer()
    except ValueError:
        return False


@FEW
@given(
    specs=st.lists(view_rows.map(lambda spec: (*spec[:3], None)), min_size=1, max_size=3),
    cells=st.lists(
        st.dictionaries(st.sampled_from(VIEW_COLUMNS), view_cells, min_size=1, max_size=3), min_size=1, max_size=3
    ),
)
@example(specs=[(0, 1, 10, None)], cells=[{"阅读量": 2**31}])
@example(specs=[(0, 1, 10, None)], cells=[{"阅读量": 2.5}])
@example(specs=[(0, 1, 10, None)], cells=[{"稿件编号": 2**40}])
@example(specs=[(0, 1, 10, None)], cells=[{"稿件编号": "9" * 30}])
@example(specs=[(0, 1, 10, None), (0, 2, 10, None)], cells=[{"阅读量": 2**31 - 1}, {"阅读量": 2**31 - 1}])
def test_any_value_in_any_views_cell_ends_in_row_errors_or_clean_values(county_user, posts, specs, cells):
    rows, _expected = build_views(specs, posts)
    for row, overrides in zip(rows, cells, strict=False):
        row.update(overrides)
    with rolled_back():
        before = views_snapshot()
        outcome = run_import(VIEWS, county_user, rows, columns=VIEW_COLUMNS)  # raises on a crash
        if outcome.failed:
            assert outcome.data["errors"], outcome.message
            assert views_snapshot() == before
            return
        # Accepted: post numbers and figures were whole numbers, stored as they were written.
        for row in rows:
            assert whole_number(row["稿件编号"]) and whole_number(row["阅读量"]), row
        for view in PostView.objects.all():
            view.full_clean(validate_unique=False, validate_constraints=False)
