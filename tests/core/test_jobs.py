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


# Jobs never hang: a running job whose worker died is taken over or failed
# ------------------------------------------------------------------------------


@register_job("tests.once", idempotent=False)
def _once(job, report):
    return JobOutcome(message="once")


def _orphaned(monkeypatch, owner, *, kind="tests.echo", attempts=1, silent_for=600):
    """A job left "running" by a worker that died ``silent_for`` seconds ago (its message unacknowledged)."""
    from datetime import timedelta

    from django.utils import timezone

    from core import tasks

    with monkeypatch.context() as patch:
        patch.setattr(tasks.job_run_task, "delay", lambda *a, **k: None)
        job = job_start(actor=owner, kind=kind, title="导入代表名册", params={"text": "x"})
    long_ago = timezone.now() - timedelta(seconds=silent_for)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=attempts, started_at=long_ago, heartbeat_at=long_ago, progress=40
    )
    return job


def test_a_redelivered_job_whose_worker_died_is_taken_over(county_user, monkeypatch, settings):
    settings.JOB_STALE_AFTER_SECONDS = 60
    job = _orphaned(monkeypatch, county_user)
    assert job_run(job_id=job.pk) is not None
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2


def test_a_redelivered_job_with_a_live_heartbeat_is_not_run_twice(county_user, monkeypatch, settings):
    settings.JOB_STALE_AFTER_SECONDS = 60
    job = _orphaned(monkeypatch, county_user, silent_for=5)
    assert job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.attempts == 1


def test_the_sweep_runs_a_job_whose_worker_died_once_more(county_user, monkeypatch, settings):
    settings.JOB_STALE_AFTER_SECONDS = 60
    job = _orphaned(monkeypatch, county_user)
    assert job_redispatch_stale() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2


def test_a_job_whose_worker_died_twice_fails_visibly_and_its_owner_can_retry_it(
    client, county_user, monkeypatch, settings
):
    settings.JOB_STALE_AFTER_SECONDS = 60
    job = _orphaned(monkeypatch, county_user, attempts=2)
    job_redispatch_stale()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "任务中断" in job.message and job.finished_at
    assert Notification.objects.filter(recipient=county_user, title__contains="失败").exists()
    client.force_login(county_user)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "任务中断" in page and 'data-testid="job-retry"' in page and "hx-get" not in page  # polling stops
    response = client.post(reverse("core:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1


def test_a_job_that_may_not_run_twice_fails_at_once_when_its_worker_dies(county_user, monkeypatch, settings):
    settings.JOB_STALE_AFTER_SECONDS = 60
    job = _orphaned(monkeypatch, county_user, kind="tests.once")
    assert job_run(job_id=job.pk) is None  # the redelivered message
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "任务中断" in job.message


def test_progress_reports_are_heartbeats(county_user, monkeypatch, settings):
    settings.JOB_STALE_AFTER_SECONDS = 60
    beats = []

    @register_job("tests.watch")
    def _watch(job, report):
        report(30)
        beats.append(Job.objects.values_list("heartbeat_at", "progress").get(pk=job.pk))
        return JobOutcome()

    job = job_start(actor=county_user, kind="tests.watch", title="心跳")
    job.refresh_from_db()
    ((beat, progress),) = beats
    assert progress == 30 and job.started_at <= beat <= job.finished_at


def test_only_the_owner_retries_a_failed_job(client, county_user, other_county_user, monkeypatch):
    job = job_start(actor=county_user, kind="tests.echo", title="失败", params={"fail": True, "text": ""})
    client.force_login(other_county_user)
    assert client.post(reverse("core:job_retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
