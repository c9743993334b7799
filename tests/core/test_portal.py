import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_endpoints_need_no_login(client):
    assert client.get(reverse("health_live")).status_code == 200
    response = client.get(reverse("health_ready"))
    assert response.status_code == 200 and response.json() == {"database": "ok"}


def test_chinese_by_default_and_english_on_switch(client, county_user):
    client.force_login(county_user)
    assert "首页" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert ">Home<" in page and "首页" not in page


def test_openapi_schema_and_docs_are_served_locally(client, county_user):
    client.force_login(county_user)
    schema = client.get(reverse("api_schema"))
    assert schema.status_code == 200
    docs = client.get(reverse("api_docs")).content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs


def test_api_requires_authentication(client):
    assert client.get("/api/").status_code in (401, 403)


def test_token_authentication(api_client, county_user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=county_user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/").status_code == 200


def test_pages_carry_a_strict_content_security_policy(client, county_user):
    client.force_login(county_user)
    policy = client.get(reverse("home")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_static_assets_come_from_installed_packages(client):
    from django.contrib.staticfiles import finders

    for path in (
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/htmx/htmx.min.js",
        "vendor/echarts/echarts.min.js",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
    ):
        assert finders.find(path), path


def test_seed_demo_is_repeatable(capsys):
    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "province" in out and "auditadmin" in out


def test_production_settings_pass_check_deploy(monkeypatch):
    import subprocess
    import sys

    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "portal.example.gov.cn",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_status_page_for_staff_shows_queue_and_rollup_state(client, county_user, user_factory, settings):
    from accounts.choices import Role

    settings.CELERY_BROKER_URL = ""  # the embedded default: tasks run in-process
    client.force_login(county_user)
    page = client.get(reverse("core:status")).content.decode()
    assert "未配置（任务在进程内执行）" in page and 'data-testid="status-database"' in page
    assert "最近一次统计计算" in page  # the row the statistics app contributes
    client.force_login(user_factory(role=Role.DEPUTY, region=None))
    assert client.get(reverse("core:status")).status_code == 404


def test_audit_records_are_kept_at_least_184_days(settings, county_user):
    from datetime import timedelta

    from django.utils import timezone

    from core.audit import audit_record
    from core.choices import AuditAction
    from core.models import AuditEvent
    from core.services import audit_prune

    settings.AUDIT_RETENTION_DAYS = 30  # a misconfiguration cannot shorten the legal minimum
    audit_record(actor=county_user, action=AuditAction.EXPORT)
    audit_record(actor=county_user, action=AuditAction.EXPORT)
    old, recent = AuditEvent.objects.order_by("pk")
    AuditEvent.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - timedelta(days=185))
    AuditEvent.objects.filter(pk=recent.pk).update(occurred_at=timezone.now() - timedelta(days=100))
    assert audit_prune() == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_forged_forwarded_for_header_is_not_believed(settings, rf):
    from core.audit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 1  # behind one proxy: its own view of the client counts, not the forged hop
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.9"
