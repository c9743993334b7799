import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory, staff

PASSWORD = "Portal-Test-2026!"


@pytest.fixture
def province_user(db):
    return staff("330000", username="prov")


@pytest.fixture
def city_user(db):
    """杭州市 staff."""
    return staff("330100", username="hz")


@pytest.fixture
def county_user(db):
    """西湖区 staff (杭州市)."""
    return staff("330106", username="xihu")


@pytest.fixture
def other_county_user(db):
    """鄞州区 staff (宁波市): another city altogether."""
    return staff("330212", username="yinzhou")


@pytest.fixture
def user_factory(db):
    return UserFactory


class PortalClient(Client):
    """django-axes' backend comes first but cannot restore a session user; log in through the role backend."""

    def force_login(self, user, backend="accounts.permissions.RoleModelBackend"):
        super().force_login(user, backend=backend)


@pytest.fixture
def client():
    return PortalClient()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_login(api_client):
    def _login(user):
        api_client.force_authenticate(user)
        return api_client

    return _login


@pytest.fixture(autouse=True)
def _regions_loaded(request, django_db_setup, django_db_blocker):
    """Regions come from a data migration; a transactional test's flush empties the table, so reload it."""
    from django.conf import settings

    from regions.loader import load_province
    from regions.models import Region

    with django_db_blocker.unblock():
        if not Region.objects.filter(code="330000").exists():
            for province in settings.REGION_PROVINCES:
                load_province(Region, settings.REGION_DATA_DIR, province)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """A request through the test client leaves its language active in this thread; each test starts in Chinese."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _database_vendor() -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else engine.rsplit(".", 1)[-1]


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and _database_vendor() != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...; .ci/run does)")
    if item.get_closest_marker("celery_worker"):
        import os

        if not os.environ.get("CELERY_BROKER_URL") or _database_vendor() != "postgresql":
            pytest.skip("needs a Redis broker and PostgreSQL (set CELERY_BROKER_URL and DATABASE_URL; .ci/run does)")


@pytest.fixture
def celery_workers(transactional_db):
    """Start real Celery worker processes (``start(**env)``) on the configured broker and the test database."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    from config.celery import app

    db = connection.settings_dict
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    processes = []

    def start(**env):
        hostname = f"test-worker-{os.getpid()}-{len(processes)}@localhost"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "warning", "-n", hostname],
            env={**base_env, **env},
            cwd=Path(__file__).resolve().parent.parent,
        )
        processes.append(process)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(destination=[hostname], timeout=1.0):
                return process
            if process.poll() is not None:
                raise RuntimeError("celery worker exited during start-up")
        raise RuntimeError("celery worker did not answer within 60 s")

    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def celery_worker_process(celery_workers):
    """A real Celery worker process consuming from the configured broker and using the test database."""
    return celery_workers()


@pytest.fixture
def wait_for():
    """Poll a condition (e.g. a row written by the worker) for up to ``timeout`` seconds."""
    import time

    def _wait(condition, timeout: float = 30.0, interval: float = 0.2):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = condition()
            if result:
                return result
            time.sleep(interval)
        raise AssertionError(f"condition not met within {timeout:.0f} s")

    return _wait
