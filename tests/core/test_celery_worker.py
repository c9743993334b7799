"""With PostgreSQL and Redis, background jobs run in a real Celery worker process."""

import io
import os
import signal
import time

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.urls import reverse

from core.choices import JobStatus
from core.models import Job
from core.services import job_redispatch_stale, job_start
from deputies.models import Deputy, Person
from deputies.roster import HEADERS
from tests.deputies.factories import roster_row

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_job_is_run_by_a_real_worker(celery_worker_process, county_user, wait_for):
    # tests.echo is registered in tests/core/test_jobs.py; use a kind every worker knows instead.
    job = job_start(actor=county_user, kind="core.selftest", title="自检", params={"text": "worker"})
    finished = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first())
    assert finished.result["echo"] == "worker"
    assert finished.result["pid"] != os.getpid()  # ran in the worker process


def test_a_roster_import_whose_worker_is_killed_ends_within_the_stale_limit(
    celery_workers, county_user, settings, wait_for, client
):
    """Kill -9 the worker mid-import: the job does not stay "running"; the sweep hands it to a live worker."""
    stale = 6
    settings.JOB_STALE_AFTER_SECONDS = stale
    rows = [roster_row(姓名=f"代表{n}", 手机号码=f"1380000{n:04d}") for n in range(3)]
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=HEADERS).to_excel(buffer, index=False)
    upload = SimpleUploadedFile("名册.xlsx", buffer.getvalue())

    first = celery_workers(JOB_STALE_AFTER_SECONDS=str(stale))
    # Another session holds the people table, so the import stops inside its transaction, as a long one would.
    blocker = connections.create_connection("default")
    try:
        blocker.set_autocommit(False)
        blocker.cursor().execute(f"LOCK TABLE {Person._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        job = job_start(actor=county_user, kind="deputies.roster_import", title="导入", input_file=upload)
        wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, progress__gte=5).exists())
        time.sleep(stale + 1)
        job_redispatch_stale()  # a live worker's job is left alone however long it takes: it beats
        assert Job.objects.get(pk=job.pk).attempts == 1
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = time.monotonic()
    finally:
        blocker.rollback()
        blocker.close()

    celery_workers(JOB_STALE_AFTER_SECONDS=str(stale))

    def ended():
        job_redispatch_stale()  # what celery beat runs every minute
        return Job.objects.filter(pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first()

    finished = wait_for(ended, timeout=stale * 4, interval=1.0)
    assert time.monotonic() - killed_at < stale * 3
    assert finished.status == JobStatus.SUCCEEDED, finished.message
    assert finished.attempts == 2 and Deputy.objects.count() == 3
    client.force_login(county_user)
    assert "已完成" in client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
