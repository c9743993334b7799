"""Roster import (all-or-nothing, every error reported, re-import updates) and filtered, masked export."""

import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.choices import JobStatus
from core.models import Job
from core.services import job_run
from deputies.choices import DeputyLevel
from deputies.models import Deputy, Person
from deputies.roster import HEADERS
from tests.deputies.factories import DeputyFactory, PersonFactory, congress_for, make_id_number, roster_row

pytestmark = pytest.mark.django_db


def workbook(rows) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=HEADERS).to_excel(buffer, index=False)
    return SimpleUploadedFile("名册.xlsx", buffer.getvalue())


def run_import(client, rows) -> Job:
    response = client.post(reverse("deputies:roster_import"), {"file": workbook(rows)})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.latest("pk")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_a_file_with_three_bad_rows_saves_nothing_and_reports_all_three(login, county_user):
    good = roster_row(姓名="好人")
    bad_id = make_id_number()
    rows = [
        good,
        roster_row(姓名="校验错", 身份证号码=bad_id[:17] + ("1" if bad_id[17] != "1" else "2"), 出生日期=""),
        roster_row(姓名="人大错", 所属人大="不存在的人大"),
        roster_row(姓名="性别错", 性别="未知"),
    ]
    job = run_import(login(county_user), rows)
    assert job.status == JobStatus.FAILED
    assert not Person.objects.exists() and not Deputy.objects.exists()
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert errors == {(3, "身份证号码"), (4, "所属人大"), (5, "性别")}
    assert "第3行" in job.message and "校验位" in job.message and "第5行" in job.message


def test_a_clean_file_imports_and_reimporting_it_updates_instead_of_duplicating(login, county_user):
    client = login(county_user)
    rows = [roster_row(姓名="甲代表"), roster_row(姓名="乙代表", 身份证号码=make_id_number(male=False), 性别="女")]
    job = run_import(client, rows)
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result == {"created": 2, "updated": 0}
    deputy = Deputy.objects.get(person__name="甲代表")
    assert deputy.person.mobile == "13800001234" and deputy.level == DeputyLevel.COUNTY
    assert {t.name for t in deputy.person.expertise_tags.all()} == {"数字经济", "科技创新"}
    rows[0]["工作单位及职务"] = "新单位"
    job = run_import(client, rows)
    assert job.result == {"created": 0, "updated": 2}
    assert Deputy.objects.count() == 2
    assert Deputy.objects.get(person__name="甲代表").person.work_unit == "新单位"
    # The upload (ID numbers in clear) is deleted once read.
    assert not job.input_file


def test_import_refuses_rows_outside_the_jurisdiction(login, county_user):
    job = run_import(login(county_user), [roster_row(所属人大=congress_for("330212").name, 所属行政区划代码="330212")])
    assert job.status == JobStatus.FAILED
    assert {e["column"] for e in job.result["errors"]} == {"所属人大", "所属行政区划代码"}
    assert not Deputy.objects.exists()


def test_duplicate_rows_in_one_file_are_reported(login, county_user):
    same = roster_row()
    job = run_import(login(county_user), [same, dict(same)])
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(3, "身份证号码")]


def test_template_has_the_import_columns(login, county_user):
    response = login(county_user).get(reverse("deputies:roster_template"))
    frame = pd.read_excel(io.BytesIO(response.content), dtype=str)
    assert list(frame.columns) == HEADERS


def test_export_contains_exactly_the_filtered_rows_with_identifiers_masked(login, county_user):
    county = DeputyFactory(person=PersonFactory(name="区代表", mobile="13912345678"))
    DeputyFactory(code="330106", congress=congress_for("330106", level="township"), person=PersonFactory(name="乡代表"))
    response = login(county_user).post(reverse("deputies:deputy_list") + "?level=county", {"export": "xlsx"})
    job = Job.objects.get(kind="deputies.roster_export")
    assert response.url == reverse("core:job_detail", args=[job.pk])
    job_run(job_id=job.pk)
    job.refresh_from_db()
    frame = pd.read_excel(job.result_file.open("rb"), dtype=str)
    assert list(frame["姓名"]) == ["区代表"]
    assert frame["身份证号码"][0] == county.person.id_number_masked
    assert frame["手机号码"][0] == "139****5678"
