"""No page, API response, export or log line of a demo run shows an ID-card number or a mobile number in full.

Staff may reveal a deputy's identifiers through the audited reveal action only;
everything else shows them masked (3301**********1234, 138****5678).
"""

import re

import pytest
from django.apps import apps
from django.core.management import call_command

from core.models import RegionScopedModel
from tests.security.test_no_leaks import detail_routes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ID_NUMBER = re.compile(r"(?<!\d)[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<![\d*])1[3-9]\d{9}(?![\d*])")


def findings(text: str) -> list[str]:
    return ID_NUMBER.findall(text) + MOBILE.findall(text)


def xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def test_pages_api_exports_and_logs_never_show_identifiers_in_full(
    client, province_user, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("DEBUG")
    call_command("seed_demo", "--quiet-logins")
    # Residents who left a phone number: make sure the demo has some to leak.
    from liaison_stations.models import OpinionItem, ReceptionVisitor

    OpinionItem.objects.filter(pk__in=OpinionItem.objects.values("pk")[:50]).update(resident_phone="13812345678")
    ReceptionVisitor.objects.update(phone="13912345678")
    client.force_login(province_user)
    exposed, checked = [], 0
    for model in apps.get_models():
        if not issubclass(model, RegionScopedModel):
            continue
        for obj in model.objects.visible_to(province_user).order_by("?")[:3]:
            for route in detail_routes(model):
                url = "/" + re.sub(r"<(?:\w+:)?\w+>", str(obj.pk), route)
                response = client.get(url)
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    checked += 1
                    found = findings(response.content.decode(errors="ignore"))
                    if found:
                        exposed.append((url, found[:3]))
    for url in ("/api/deputies/", "/api/liaison-stations/opinion-items/", "/api/proposals/proposals/"):
        response = client.get(url)
        if response.status_code == 200:
            found = findings(response.content.decode())
            if found:
                exposed.append((url, found[:3]))
    # Exports of exactly what a list shows, as background jobs.
    from core.choices import JobStatus
    from core.services import job_start

    for kind in (
        "deputies.roster_export",
        "liaison_stations.opinions",
        "liaison_stations.receptions",
        "proposals.proposal_export",
        "publicity.posts_export",
        "personnel.appointment_cases",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            job = job_start(actor=province_user, kind=kind, title=kind, params={"filters": {}})
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED, (kind, job.message)
        found = findings(xlsx_text(job.result_file.read()))
        if found:
            exposed.append((kind, found[:3]))
    # Everything logged during the whole run.
    found = findings(caplog.text)
    if found:
        exposed.append(("logs", found[:3]))
    assert checked > 30
    assert not exposed, exposed[:10]
