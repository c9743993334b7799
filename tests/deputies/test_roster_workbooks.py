"""Real office registers: title rows, merged title cells, synonyms, full-width text, Excel serial dates.

Each workbook is built here with openpyxl, as an office's own register would look, and
imported with the real import; the import is all-or-nothing and names every bad cell.
"""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from deputies.models import Deputy, Person
from deputies.roster import roster_import
from deputies.roster.columns import canonical_header, normalise_header
from deputies.validators import id_check_char, id_number_hash
from tests.deputies.factories import congress_for, make_id_number

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def id_number(area: str = "330106", birth: dt.date = dt.date(1975, 3, 5), order: int = 101) -> str:
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


def register(header: list[str], rows: list[list], *, title: bool = True) -> io.BytesIO:
    """An office register: a merged title row and a note row before the header, as offices keep them."""
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append(["西湖区第十届人民代表大会代表名册"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append(["填报单位：西湖区人大常委会办公室", None, None, "2026年11月"])
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


HEADER = ["序号", " 姓 名 ", "性别：", "民族", "出生年月", "身份证号", "党派", "文化程度", "单位职务", "联系电话"]
HEADER += ["所属行政区划代码*", "选区", "代表构成"]


def person_row(number: int, **cells) -> list:
    values = {
        "序号": number,
        "姓名": "周杭",
        "性别": "男",
        "民族": "汉",
        "出生": "1975.03",
        "身份证": id_number(order=number * 2 + 1),
        "党派": "党员",
        "学历": "大学",
        "单位": "西湖区某公司 总经理",
        "电话": "13800001234",
        "区划": "330106",
        "选区": "西溪街道选区",
        "构成": "干部",
    }
    values.update(cells)
    return list(values.values())


def errors_of(result) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.reason) for e in result["errors"]]


def test_headers_are_found_below_titles_and_matched_by_synonym():
    assert normalise_header(" 身份证号： ") == "身份证号"
    assert normalise_header("手机号码＊") == "手机号码"
    assert canonical_header("出生年月") == ("出生日期", 1)
    assert canonical_header("E-mail") == ("电子邮箱", 4)
    assert canonical_header("序号") is None


def test_an_office_register_imports_into_the_congress_chosen_on_the_page(county_user):
    congress = congress_for("330106")
    rows = [
        person_row(1),
        # Full-width digits and a lower-case x, spaces around, an Excel serial birth date, gender left out.
        person_row(
            2,
            性别="",
            出生=27458,  # 1975-03-05 as Excel counts days
            身份证=" " + id_number(birth=dt.date(1975, 3, 5), order=5).translate(FULL_WIDTH).lower() + " ",
            电话="１３８００００１２３５",
            学历="研究生",
            党派="群众",
        ),
        person_row(3, 出生="1975年3月5日", 性别="男"),
    ]
    result = roster_import(actor=county_user, file=register(HEADER, rows), congress=congress)
    assert errors_of(result) == []
    assert result["created"] == 3
    second = Person.objects.get(id_number_hash=id_number_hash(id_number(order=5)))
    assert second.gender == "male"  # from the ID number
    assert second.birth_date == dt.date(1975, 3, 5)
    assert second.mobile == "13800001235"
    assert second.education == "master" and second.political_affiliation == "masses"
    first = Person.objects.get(id_number_hash=id_number_hash(id_number(order=3)))
    assert first.birth_date == dt.date(1975, 3, 5)  # a month only: the ID number's day
    assert (first.ethnicity, first.education, first.political_affiliation) == ("汉族", "bachelor", "cpc")
    assert first.work_unit == "西湖区某公司 总经理"
    assert Person.objects.count() == 3
    assert set(Deputy.objects.values_list("congress", flat=True)) == {congress.pk}
    assert set(Deputy.objects.values_list("sector_class", flat=True)) == {"civil_servant"}
    assert set(Deputy.objects.values_list("electoral_unit", flat=True)) == {"西溪街道选区"}


def test_a_register_without_the_congress_column_needs_the_congress_chosen(county_user):
    from core.exceptions import ApplicationError

    with pytest.raises(ApplicationError, match="所属人大"):
        roster_import(actor=county_user, file=register(HEADER, [person_row(1)]))


@pytest.mark.parametrize(
    "dates",
    [["1975-03", "1975/3/5", "19750305", "1975.3.5", "1975年3月"], ["1975-03-05 00:00:00", "1975.3", "1975年03月05日"]],
)
def test_birth_dates_in_the_ways_registers_write_them(county_user, dates):
    rows = [person_row(n + 1, 出生=text) for n, text in enumerate(dates)]
    result = roster_import(actor=county_user, file=register(HEADER, rows), congress=congress_for("330106"))
    assert errors_of(result) == []
    assert set(Person.objects.values_list("birth_date", flat=True)) == {dt.date(1975, 3, 5)}


def test_every_bad_cell_of_a_register_is_named_and_nothing_is_written(county_user):
    rows = [
        person_row(1, 性别="女"),  # the ID number says male
        person_row(2, 出生="1975.04"),  # the ID number says March
        person_row(3, 学历="夜大", 民族="汉人", 党派="无"),
        person_row(4, 构成="学生", 出生="1975/13/40"),
        person_row(5),
    ]
    result = roster_import(actor=county_user, file=register(HEADER, rows), congress=congress_for("330106"))
    found = errors_of(result)
    assert [(row, column) for row, column, _reason in found] == [
        (4, "身份证号码"),
        (5, "身份证号码"),
        (6, "民族"),
        (6, "政治面貌"),
        (6, "学历"),
        (7, "出生日期"),
        (7, "代表类别"),
    ]
    reasons = {(row, column): reason for row, column, reason in found}
    assert "“男”" in reasons[4, "身份证号码"] and "“女”" in reasons[4, "身份证号码"]
    assert "1975年3月5日" in reasons[5, "身份证号码"] and "1975年4月" in reasons[5, "身份证号码"]
    assert reasons[6, "学历"].startswith("“夜大”")
    assert reasons[6, "民族"].startswith("“汉人”")
    assert reasons[7, "代表类别"].startswith("“学生”")
    assert not Person.objects.exists() and not Deputy.objects.exists()


def test_offices_extend_the_vocabularies(county_user, settings):
    settings.ROSTER_SYNONYMS = {"学历": {"夜大": "大学专科"}}
    result = roster_import(
        actor=county_user, file=register(HEADER, [person_row(1, 学历="夜大")]), congress=congress_for("330106")
    )
    assert errors_of(result) == []
    assert Person.objects.get().education == "college"


def test_an_id_number_of_a_county_created_after_the_birth_year_is_valid(county_user):
    """余杭区 (330110) dates from 2001, 富阳区 (330111) from 2014: people born before keep such numbers."""
    rows = [
        person_row(1, 身份证=id_number(area="330110", order=3)),
        person_row(2, 身份证=id_number(area="330111", order=5)),
    ]
    result = roster_import(actor=county_user, file=register(HEADER, rows), congress=congress_for("330106"))
    assert errors_of(result) == []
    assert Person.objects.count() == 2


def test_the_template_without_title_rows_still_imports(county_user):
    header = ["姓名", "性别", "身份证号码", "所属人大", "所属行政区划代码"]
    rows = [["张三", "男", make_id_number(), congress_for("330106").name, "330106"]]
    result = roster_import(actor=county_user, file=register(header, rows, title=False))
    assert errors_of(result) == [] and result["created"] == 1


def test_the_import_page_offers_the_congress_and_the_job_uses_it(login, county_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from core.models import Job
    from core.services import job_run

    congress = congress_for("330106")
    client = login(county_user)
    page = client.get(reverse("deputies:roster_import"))
    assert congress.name in page.content.decode()
    upload = SimpleUploadedFile("名册.xlsx", register(HEADER, [person_row(1)]).getvalue())
    response = client.post(reverse("deputies:roster_import"), {"file": upload, "congress": congress.pk})
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.result == {"created": 1, "updated": 0}
    assert Deputy.objects.get().congress == congress


def test_a_preview_counts_what_the_import_would_do_and_writes_nothing(county_user):
    congress = congress_for("330106")
    roster_import(actor=county_user, file=register(HEADER, [person_row(1)]), congress=congress)
    rows = [person_row(1), person_row(2), person_row(3, 学历="夜大"), person_row(4)]
    result = roster_import(actor=county_user, file=register(HEADER, rows), congress=congress, preview=True)
    assert (result["created"], result["updated"]) == (2, 1)
    assert [(e.row, e.column) for e in result["errors"]] == [(6, "学历")]
    assert Deputy.objects.count() == 1  # the first import's only
    clean = roster_import(actor=county_user, file=register(HEADER, rows[:2]), congress=congress, preview=True)
    assert clean == {"created": 1, "updated": 1, "errors": []}
    assert Deputy.objects.count() == 1
