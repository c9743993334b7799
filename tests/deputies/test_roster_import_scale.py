"""The roster import at scale: statements per batch, not per row, and the same result as row-by-row saving.

The import reads the sheet with its own streaming reader, checks rows against lookups loaded once,
and writes in batches (COPY on PostgreSQL, from a background thread). These tests pin what that
must not change: what pandas would read, Fernet tokens the field can read, the change audit a save
records, re-import updates, people met twice, and a query count that does not grow with the rows.
"""

import datetime as dt
import io

import pandas as pd
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

import deputies.roster.write as imports
from core.audit import request_context
from core.models import AuditEvent
from deputies.models import Deputy, ExpertiseTag, Person
from deputies.roster import HEADERS, roster_import
from deputies.roster.read import RosterFile
from deputies.xlsx import read_sheet
from tests.deputies.factories import DeputyFactory, PersonFactory, congress_for, make_id_number, roster_row
from tests.factories import region

pytestmark = pytest.mark.django_db


def row(number: int, **overrides) -> dict:
    return roster_row(
        **{
            "姓名": f"代表{number}",
            "手机号码": f"138{number:08d}",
            "电子邮箱": f"d{number}@example.cn",
            "通讯地址": "文三路1号",
            **overrides,
        }
    )


def xlsx(rows: list[dict]) -> io.BytesIO:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=HEADERS).to_excel(buffer, index=False)
    buffer.seek(0)
    return buffer


def run(actor, rows: list[dict]) -> dict:
    result = roster_import(actor=actor, file=xlsx(rows))
    assert not result["errors"], [str(e) for e in result["errors"]]
    return result


# The statements do not grow with the rows
# ------------------------------------------------------------------------------


def count_queries(actor, rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        run(actor, rows)
    return len(captured.captured_queries)


def test_the_number_of_statements_does_not_grow_with_the_rows(county_user):
    run(county_user, [row(1000)])  # the tags exist from here on, for both files alike
    small = [row(n) for n in range(10)]
    large = [row(n) for n in range(10, 210)]
    first = (count_queries(county_user, small), count_queries(county_user, large))
    assert first[0] == first[1]
    # Importing the same files again updates: more lookups (mandates, visibility, tags) but still per batch.
    again = (count_queries(county_user, small), count_queries(county_user, large))
    assert again[0] == again[1]
    assert Deputy.objects.count() == 211


def test_a_large_file_is_written_in_batches(county_user, monkeypatch):
    """With batches of 3 rows, 10 rows take 4 batches and every row is written once."""
    monkeypatch.setattr(imports, "BATCH_ROWS", 3)
    rows = [row(n) for n in range(10)]
    assert run(county_user, rows) == {"created": 10, "updated": 0, "errors": []}
    assert run(county_user, rows) == {"created": 0, "updated": 10, "errors": []}
    assert Person.objects.count() == Deputy.objects.count() == 10


# The same result as saving row by row
# ------------------------------------------------------------------------------


def test_identifiers_are_encrypted_readably_and_derived_columns_kept(county_user):
    number = make_id_number(birth=dt.date(1980, 2, 29))
    run(county_user, [row(1, 身份证号码=number, 出生日期="", 手机号码="138-0000-1111", 姓名="欧阳明")])
    person = Person.objects.get()
    assert person.id_number == number and person.mobile == "13800001111"
    assert person.birth_date == dt.date(1980, 2, 29)  # from the ID number, as the service does
    assert person.id_number_hash == PersonFactory.build(id_number=number).id_number_hash
    assert person.name_stroke_key.startswith("08")  # 欧: 8 strokes
    assert {t.name for t in person.expertise_tags.all()} == {"数字经济", "科技创新"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM deputies_person")
        stored = cursor.fetchone()
    assert number not in stored[0] and "13800001111" not in stored[1]  # encrypted at rest
    deputy = Deputy.objects.get()
    assert deputy.level == "county" and deputy.status == "serving" and len(deputy.public_code) >= 12


def test_change_audit_matches_a_save(county_user, client):
    """One create event per mandate with the fields a save lists; on re-import, one update naming the changes."""
    saved = DeputyFactory()
    reference = AuditEvent.objects.get(action="create", target_id=str(saved.pk))
    first, second = row(1), row(2)
    run(county_user, [first, second])
    created = AuditEvent.objects.filter(action="create", target_type="deputies.Deputy").exclude(pk=reference.pk)
    assert created.count() == 2
    assert all(e.detail == reference.detail for e in created)
    assert {e.target_repr for e in created} == {"代表1", "代表2"}
    second["选举单位"] = "古荡街道选区"
    run(county_user, [first, second])
    updates = {e.target_repr: e.detail["fields"] for e in AuditEvent.objects.filter(action="update")}
    assert updates == {"代表1": [], "代表2": ["electoral_unit"]}


def test_the_change_audit_names_the_user_and_address_of_the_request(county_user):
    request = RequestFactory().post("/deputies/import/", REMOTE_ADDR="10.1.2.3")
    request.user = county_user
    with request_context(request):
        run(county_user, [row(1)])
    event = AuditEvent.objects.get(action="create", target_type="deputies.Deputy")
    assert (event.actor, event.actor_username, event.ip_address, event.path) == (
        county_user,
        "xihu",
        "10.1.2.3",
        "/deputies/import/",
    )


def test_reimport_updates_person_and_mandate_keeping_what_the_file_leaves_blank(county_user):
    first = row(1, 专业名片="教育")
    run(county_user, [first])
    blank_mobile = {**first, "手机号码": "", "出生日期": "", "工作单位及职务": "新单位", "专业名片": "医疗卫生、教育"}
    assert run(county_user, [blank_mobile]) == {"created": 0, "updated": 1, "errors": []}
    person = Person.objects.get()
    assert person.mobile == "13800000001" and person.birth_date == dt.date(1975, 6, 1)
    assert person.work_unit == "新单位"
    assert {t.name for t in person.expertise_tags.all()} == {"医疗卫生", "教育"}
    assert ExpertiseTag.objects.filter(name="数字经济").count() == 0


def test_one_person_in_two_congresses_of_one_file_is_one_person_with_two_mandates(county_user, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_ROWS", 1)  # the second row meets the person written by the first batch
    number = make_id_number()
    township = congress_for("330106004", level="township")
    rows = [
        row(1, 身份证号码=number, 专业名片="教育"),
        row(
            1,
            身份证号码=number,
            出生日期="",
            手机号码="",
            所属人大=township.name,
            所属行政区划代码="330106004",
            专业名片="乡村振兴",
        ),
    ]
    assert run(county_user, rows)["created"] == 2
    person = Person.objects.get()
    assert person.mandates.count() == 2
    assert person.mobile == "13800000001" and person.birth_date == dt.date(1975, 6, 1)
    assert [t.name for t in person.expertise_tags.all()] == ["乡村振兴"]  # the last row's


def test_a_known_person_gets_a_further_mandate_and_their_data_updated(county_user):
    known = PersonFactory(name="旧名字", mobile="13900000000")
    run(county_user, [row(1, 身份证号码=known.id_number, 姓名="新名字", 手机号码="")])
    known.refresh_from_db()
    assert known.name == "新名字" and known.mobile == "13900000000"
    assert Person.objects.count() == 1 and known.mandates.count() == 1


def test_a_stored_birth_date_the_id_contradicts_is_a_row_error(county_user):
    known = PersonFactory(birth_date=dt.date(1975, 6, 1))
    Person.objects.filter(pk=known.pk).update(birth_date=dt.date(1975, 6, 2))
    result = roster_import(actor=county_user, file=xlsx([row(1, 身份证号码=known.id_number, 出生日期="")]))
    assert [(e.row, e.column) for e in result["errors"]] == [(2, "身份证号码")]
    assert "出生日期" in result["errors"][0].reason
    assert not Deputy.objects.exists()


def test_a_mandate_of_the_congress_out_of_reach_is_a_row_error(county_user):
    hidden = DeputyFactory()
    Deputy.objects.filter(pk=hidden.pk).update(region=region("330212"))  # not the user's to see
    result = roster_import(actor=county_user, file=xlsx([row(1), row(2, 身份证号码=hidden.person.id_number)]))
    assert [(e.row, e.column) for e in result["errors"]] == [(3, "所属人大")]
    assert Deputy.objects.count() == 1


def test_unreadable_files_and_missing_columns_are_application_errors(county_user):
    from core.exceptions import ApplicationError

    with pytest.raises(ApplicationError, match="无法读取文件"):
        roster_import(actor=county_user, file=io.BytesIO(b"not a workbook"))
    buffer = io.BytesIO()
    pd.DataFrame([{"姓名": "张三"}]).to_excel(buffer, index=False)
    buffer.seek(0)
    with pytest.raises(ApplicationError, match="缺少必填列"):
        roster_import(actor=county_user, file=buffer)


# The reader sees what pandas sees
# ------------------------------------------------------------------------------


def tricky_workbook(write_only: bool) -> bytes:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("名册") if write_only else workbook.active
    header = ["文本", "日期", "时间", "数", "布尔", "空", "公式", "富文本"]
    rich = CellRichText("红", TextBlock(InlineFont(b=True), "色&<字>"), " 尾") if not write_only else "红色"
    rows = [
        header,
        ["  两边空格  ", dt.date(1975, 6, 1), dt.datetime(2021, 12, 20, 8, 30), 330106197506010011, True, None],
        ["a&b<c>\"d'", dt.datetime(2021, 12, 20), dt.time(12, 30), 1.5, False, "NA", "=1+1", rich],
        [],  # a blank row in the middle
        ["第二行\n换行", "2021-12-20", "", 13800001234, None, "N/A", None, None],
        ["_x000D_", "", "", 1e20, None, "null", None, None],
        ["0012", "", "", -3, None, "#N/A", None, None],
    ]
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_the_reader_reads_cells_as_pandas_does(write_only):
    content = tricky_workbook(write_only)
    frame = pd.read_excel(io.BytesIO(content), dtype=str).fillna("")
    expected = {}
    for index, record in enumerate(frame.to_dict(orient="records")):
        cells = {letter: record[name] for letter, name in zip("ABCDEFGH", frame.columns, strict=False)}
        cells = {k: v for k, v in cells.items() if v != ""}
        if cells:
            expected[index + 2] = cells
    found = dict(read_sheet(io.BytesIO(content)))
    assert found.pop(1) == dict(zip("ABCDEFGH", frame.columns, strict=False))
    assert found == expected


def test_a_roster_read_by_the_import_equals_pandas_reading(county_user):
    rows = [row(n, 通讯地址=" 带空格 ", 代表团="NA") for n in range(3)]
    read = [dict(zip(HEADERS, values, strict=True)) for _number, values in RosterFile(xlsx(rows))]
    frame = pd.read_excel(xlsx(rows), dtype=str).fillna("")
    assert read == [{h: str(r.get(h, "")).strip() for h in HEADERS} for r in frame.to_dict(orient="records")]


# PostgreSQL: the background writer
# ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_a_large_import_runs_in_the_background_with_every_row_written(county_user, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_ROWS", 7)
    rows = [row(n, 专业名片=("教育", "数字经济", "")[n % 3]) for n in range(50)]
    assert run(county_user, rows)["created"] == 50
    assert Person.objects.count() == 50
    assert Person.expertise_tags.through.objects.count() == 34
    assert AuditEvent.objects.filter(action="create", target_type="deputies.Deputy").count() == 50
