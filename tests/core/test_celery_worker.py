"""With PostgreSQL and Redis, background jobs run in a real Celery worker process."""

import pytest

from core.choices import JobStatus
from core.models import Job
from core.services import job_start

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_job_is_run_by_a_real_worker(celery_worker_process, county_user, wait_for):
    # tests.echo is registered in tests/core/test_jobs.py; use a kind every worker knows instead.
    job = job_start(actor=county_user, kind="core.selftest", title="自检", params={"text": "worker"})
    finished = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first())
    assert finished.result["echo"] == "worker"
    assert finished.result["pid"] != __import__("os").getpid()  # ran in the worker process
