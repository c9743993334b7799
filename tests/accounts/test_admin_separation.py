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
