import pytest
from django.urls import reverse

from core.choices import JobStatus
from core.jobs import JobOutcome, register_job
from core.models import Job, Notification
from core.services import job_redispatch_stale, job_run, job_start

pytestmark = pytest.mark.django_db(transaction=True)


@register_job("tests.echo")
def _echo(job, report):
    report(50)
    if job.params.get("fail"):
        raise RuntimeError("boom")
    return JobOutcome(message="done", file_name="echo.txt", file_content=job.params["text"].encode())


def test_a_job_runs_in_process_without_a_broker_and_offers_its_file(client, county_user):
    job = job_start(actor=county_user, kind="tests.echo", title="回显", params={"text": "你好"})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    client.force_login(county_user)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "已完成" in page and reverse("core:job_download", args=[job.pk]) in page
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert b"".join(download.streaming_content).decode() == "你好"
    assert Notification.objects.filter(recipient=county_user, title__contains="回显").exists()


def test_a_failing_job_is_recorded_as_failed_with_its_reason(county_user):
    job = job_start(actor=county_user, kind="tests.echo", title="失败", params={"fail": True, "text": ""})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "boom" in job.message


def test_a_job_runs_once_even_if_delivered_twice(county_user):
    job = job_start(actor=county_user, kind="tests.echo", title="一次", params={"text": "x"})
    assert job_run(job_id=job.pk) is None  # already done
    job.refresh_from_db()
    assert job.attempts == 1


def test_jobs_of_others_are_invisible(client, county_user, other_county_user):
    job = job_start(actor=county_user, kind="tests.echo", title="私有", params={"text": "x"})
    client.force_login(other_county_user)
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_a_job_survives_a_broker_outage_and_is_dispatched_later(county_user, settings, monkeypatch):
    from core import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.job_run_task, "delay", broker_down)
    job = job_start(actor=county_user, kind="tests.echo", title="稍后", params={"text": "x"})
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # stored, not lost
    monkeypatch.undo()
    settings.JOB_REDISPATCH_AFTER_SECONDS = 0
    assert job_redispatch_stale() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_unknown_job_kind_fails_in_the_request(county_user):
    with pytest.raises(LookupError):
        job_start(actor=county_user, kind="nope", title="x")
    assert not Job.objects.exists()
