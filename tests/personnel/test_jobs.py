"""Exporting the filtered appointment-case list as a background job."""

import io

import pandas as pd
import pytest
from django.urls import reverse

from core.models import Job
from core.services import job_run
from tests.personnel.factories import AppointmentCaseFactory, congress_for

pytestmark = pytest.mark.django_db


def test_the_export_holds_exactly_the_filtered_cases_of_the_jurisdiction(login, city_user):
    AppointmentCaseFactory(nominee_name="杭州甲", congress=congress_for("330100"), status="sworn")
    AppointmentCaseFactory(nominee_name="杭州乙", congress=congress_for("330100"))
    AppointmentCaseFactory(nominee_name="省级丙", status="sworn")

    response = login(city_user).post(reverse("personnel:case_list") + "?status=sworn", {"export": "xlsx"})
    job = Job.objects.get(owner=city_user)
    assert response.url == reverse("core:job_detail", args=[job.pk])

    job = job_run(job_id=job.pk)
    frame = pd.read_excel(io.BytesIO(job.result_file.read()))
    assert list(frame["拟任人员"]) == ["杭州甲"]
    assert list(frame["状态"]) == ["已宪法宣誓"]
