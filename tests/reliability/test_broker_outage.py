"""With Redis stopped, 100 residents' submissions are answered promptly and all stored with
the work they need (the job outbox); once Redis is back, every job runs exactly once in a
real Celery worker."""

import subprocess
import time

import pytest
from django.urls import reverse

from accounts.choices import NotificationDelivery, Role
from core.choices import JobStatus
from core.models import Job, Notification
from core.services import job_redispatch_stale
from liaison_stations.forms import form_token
from liaison_stations.models import OpinionItem
from tests.factories import UserFactory
from tests.liaison_stations.factories import DeputyFactory, PersonFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True), pytest.mark.slow]

REDIS = ["redis-cli", "-h", "127.0.0.1", "-p", "6379"]


def redis_up() -> bool:
    return subprocess.run([*REDIS, "ping"], capture_output=True, text=True, check=False).stdout.strip() == "PONG"


def stop_redis() -> None:
    subprocess.run([*REDIS, "shutdown", "nosave"], capture_output=True, check=False)
    deadline = time.monotonic() + 10
    while redis_up() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not redis_up()


def start_redis() -> None:
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
        capture_output=True,
    )
    deadline = time.monotonic() + 10
    while not redis_up() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert redis_up()


def test_submissions_survive_a_broker_outage_and_their_work_runs_once(
    celery_worker_process, client, settings, wait_for
):
    user = UserFactory(
        role=Role.DEPUTY,
        region=None,
        is_staff=False,
        email="daibiao@example.cn",
        notification_delivery=NotificationDelivery.IMMEDIATE,
    )
    deputy = DeputyFactory(person=PersonFactory(user=user))
    url = f"{reverse('liaison_stations:public_submit')}?deputy={deputy.public_code}"
    stop_redis()
    durations = []
    try:
        for i in range(100):
            started = time.monotonic()
            response = client.post(
                url,
                {
                    "category": "urban",
                    "content": f"第{i}号反映：小区道路破损严重，雨天积水，请尽快维修。",
                    "started": form_token(time.time() - 30),
                    "website": "",
                },
                REMOTE_ADDR=f"10.9.{i // 200}.{i % 200 + 1}",
            )
            durations.append(time.monotonic() - started)
            assert response.status_code == 302, response.content[:300]
    finally:
        start_redis()
    assert max(durations) < 3.0, max(durations)  # nobody waits for the broker
    assert sorted(durations)[50] < 1.0, sorted(durations)[50]
    assert OpinionItem.objects.filter(receiving_deputy=deputy).count() == 100
    jobs = Job.objects.filter(kind="core.notification_email")
    assert jobs.count() == 100 and not jobs.exclude(status=JobStatus.QUEUED).exists()

    # The beat sweep sends the stored jobs again once the broker is back.
    settings.JOB_REDISPATCH_AFTER_SECONDS = 0

    def all_done():
        job_redispatch_stale()
        return not jobs.exclude(status=JobStatus.SUCCEEDED).exists()

    wait_for(all_done, timeout=120, interval=1.0)
    assert set(jobs.values_list("attempts", flat=True)) == {1}  # each exactly once
    assert Notification.objects.filter(recipient=user, emailed_at__isnull=False).count() == 100
