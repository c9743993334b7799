"""Three-admin separation: accounts, roles and the audit trail are in different hands."""

import pytest
from django.urls import reverse

from accounts.choices import Role
from core.audit import audit_record
from core.choices import AuditAction
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(user_factory):
    return {
        role: user_factory(role=role, region=None, is_staff=True)
        for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    }


def test_system_admin_manages_accounts_but_not_roles_or_audit(client, admins, county_user):
    client.force_login(admins[Role.SYSTEM_ADMIN])
    page = client.get(reverse("admin:accounts_user_change", args=[county_user.pk])).content.decode()
    assert 'name="full_name"' in page
    assert 'name="role"' not in page  # read-only for the system admin
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 403


def test_security_admin_assigns_roles_but_not_account_details(client, admins, county_user):
    client.force_login(admins[Role.SECURITY_ADMIN])
    page = client.get(reverse("admin:accounts_user_change", args=[county_user.pk])).content.decode()
    assert 'name="role"' in page
    assert 'name="full_name"' not in page
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 403


def test_audit_admin_reads_but_nobody_edits_or_deletes_the_audit_log(client, admins, county_user):
    audit_record(actor=county_user, action=AuditAction.EXPORT)
    event = AuditEvent.objects.get()
    client.force_login(admins[Role.AUDIT_ADMIN])
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    for user in admins.values():
        assert not user.has_perm("core.delete_auditevent")
        assert not user.has_perm("core.change_auditevent")


def test_staff_cannot_manage_accounts(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_audit_admin_searches_and_exports_the_audit_log(client, admins, county_user):
    audit_record(actor=county_user, action=AuditAction.LOGIN)
    client.force_login(admins[Role.AUDIT_ADMIN])
    page = client.get(reverse("admin:core_auditevent_changelist"), {"q": county_user.username}).content.decode()
    assert county_user.username in page
    ids = list(AuditEvent.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:core_auditevent_changelist"),
        {"action": "export_audit_events", "_selected_action": ids},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", actor=admins[Role.AUDIT_ADMIN]).exists()


def test_the_security_admin_clears_a_lockout_and_the_audit_log_shows_it(client, admins, county_user, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": county_user.username, "password": "wrong-password"})
    attempt = AccessAttempt.objects.get(username=county_user.username)
    security = admins[Role.SECURITY_ADMIN]
    client.force_login(security)
    response = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, target_type="axes.AccessAttempt")
    assert event.actor == security and event.ip_address == "127.0.0.1"


def test_the_security_admin_sees_devices_but_neither_their_keys_nor_edits_them(client, admins, county_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=county_user, name="default", confirmed=True)
    client.force_login(admins[Role.SECURITY_ADMIN])
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code in (403, 404)
    assert (
        client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}).status_code == 403
    )
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
