"""No administrator can take over another administrator's account, nor raise its own rights.

A generated matrix: each admin role tries each takeover on each other admin role
and on itself, through the admin site (the requests an attacker would send) and
through the services the admin site calls.
"""

import itertools

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import rights
from accounts.choices import ADMIN_ROLES, Role
from accounts.models import User
from accounts.services import user_account_update, user_otp_reset, user_password_reset
from core.choices import AuditAction
from core.exceptions import ApplicationError
from core.models import AuditEvent, Notification
from tests.conftest import PASSWORD
from tests.factories import region

pytestmark = pytest.mark.django_db

ROLES = sorted(ADMIN_ROLES)
ATTACKER_PASSWORD = "Taken#Over-2026x"


@pytest.fixture
def admins(user_factory):
    admins = {role: user_factory(role=role, region=None, is_staff=True) for role in ROLES}
    for user in admins.values():
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return admins


def change_payload(client, user, **overrides):
    """The change form as the admin site shows it to ``client``, with ``overrides`` posted."""
    form = client.get(reverse("admin:accounts_user_change", args=[user.pk])).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    data.update(overrides)
    return data


def snapshot(user):
    user.refresh_from_db()
    devices = sorted(TOTPDevice.objects.filter(user=user).values_list("pk", "key", "confirmed"))
    return (user.password, user.role, user.region_id, user.otp_required, user.otp_enrolment_code, devices)


def attempt_password(client, target):
    return client.post(
        reverse("admin:accounts_user_password_reset", args=[target.pk]),
        {"password1": ATTACKER_PASSWORD, "password2": ATTACKER_PASSWORD},
    )


def attempt_second_factor(client, target):
    client.post(reverse("admin:accounts_user_otp_reset", args=[target.pk]))
    return client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {"user": target.pk, "name": "mine", "key": "3132333435363738393031323334353637383930", "confirmed": "on"},
    )


def attempt_role(client, target):
    url = reverse("admin:accounts_user_change", args=[target.pk])
    province = region("330000")
    client.post(url, {"role": Role.PROVINCE_STAFF, "region": province.pk, "full_name": "x", "is_active": "on"})
    return client.post(url, {"role": Role.SYSTEM_ADMIN})


def attempt_region(client, target):
    url = reverse("admin:accounts_user_change", args=[target.pk])
    return client.post(url, {"region": region("330106").pk, "role": target.role})


ATTEMPTS = {
    "password": attempt_password,
    "second_factor": attempt_second_factor,
    "role": attempt_role,
    "region": attempt_region,
}


@pytest.mark.parametrize(
    ("actor_role", "target_role", "attack"),
    [(a, t, k) for a, t in itertools.product(ROLES, ROLES) for k in sorted(ATTEMPTS)],
)
def test_no_admin_role_changes_an_admin_account_through_the_admin_site(client, admins, actor_role, target_role, attack):
    actor, target = admins[actor_role], admins[target_role]  # target == actor: its own account
    before = snapshot(target)
    client.force_login(actor)
    ATTEMPTS[attack](client, target)
    assert snapshot(target) == before
    target.refresh_from_db()
    assert not check_password(ATTACKER_PASSWORD, target.password)


@pytest.mark.parametrize(
    ("actor_role", "target_role", "action"),
    [
        (a, t, k)
        for a, t in itertools.product(ROLES, ROLES)
        for k in ("reset_password", "reset_otp", "role", "region", "details")
    ],
)
def test_no_admin_role_changes_an_admin_account_through_the_services(admins, actor_role, target_role, action):
    actor, target = admins[actor_role], admins[target_role]
    before = snapshot(target)
    calls = {
        "reset_password": lambda: user_password_reset(actor=actor, user=target),
        "reset_otp": lambda: user_otp_reset(actor=actor, user=target),
        "role": lambda: user_account_update(actor=actor, user=target, changes={"role": Role.PROVINCE_STAFF}),
        "region": lambda: user_account_update(actor=actor, user=target, changes={"region": region("330000")}),
        "details": lambda: user_account_update(actor=actor, user=target, changes={"full_name": "冒名"}),
    }
    with pytest.raises(ApplicationError):
        calls[action]()
    assert snapshot(target) == before


def test_the_security_admin_cannot_give_itself_a_domain_role(client, admins):
    security = admins[Role.SECURITY_ADMIN]
    client.force_login(security)
    response = client.post(
        reverse("admin:accounts_user_change", args=[security.pk]),
        {"role": Role.PROVINCE_STAFF, "region": region("330000").pk},
    )
    assert response.status_code == 403
    security.refresh_from_db()
    assert security.role == Role.SECURITY_ADMIN and security.region is None
    assert client.get("/api/deputies/").json()["results"] == []


def test_the_security_admin_assigns_roles_only_to_ordinary_accounts(client, admins, county_user):
    security = admins[Role.SECURITY_ADMIN]
    client.force_login(security)
    url = reverse("admin:accounts_user_change", args=[county_user.pk])
    client.post(url, change_payload(client, county_user, role=Role.SYSTEM_ADMIN, region=""))
    county_user.refresh_from_db()
    assert county_user.role == Role.COUNTY_STAFF
    response = client.post(url, change_payload(client, county_user, role=Role.CITY_STAFF, region=region("330100").pk))
    assert response.status_code == 302
    county_user.refresh_from_db()
    assert county_user.role == Role.CITY_STAFF and county_user.region.code == "330100"
    event = AuditEvent.objects.get(action=AuditAction.ROLE_CHANGE, target_id=str(county_user.pk))
    assert event.actor == security and event.ip_address == "127.0.0.1"
    assert event.detail["from"] == {"role": Role.COUNTY_STAFF, "region": "330106"}
    assert event.detail["to"] == {"role": Role.CITY_STAFF, "region": "330100"}


def test_the_system_admin_resets_a_password_to_a_one_time_temporary_one(client, admins, county_user):
    system = admins[Role.SYSTEM_ADMIN]
    client.force_login(system)
    url = reverse("admin:accounts_user_password_reset", args=[county_user.pk])
    assert client.get(url).status_code == 200  # a confirmation page, nothing changed yet
    county_user.refresh_from_db()
    assert check_password(PASSWORD, county_user.password)
    response = attempt_password(client, county_user)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    county_user.refresh_from_db()
    assert check_password(secret, county_user.password)
    assert not check_password(ATTACKER_PASSWORD, county_user.password)  # the resetter cannot choose it
    assert county_user.must_change_password
    assert Notification.objects.filter(recipient=county_user).exists()
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET)
    assert event.actor == system and event.target_id == str(county_user.pk)
    assert secret not in str(event.detail)
    # The temporary password opens only the password change form.
    client.logout()
    client.post(reverse("login"), {"username": county_user.username, "password": secret})
    assert client.get(reverse("home")).url == reverse("password_change")
    assert client.get("/api/deputies/").json()["code"] == "password_change_required"


def test_the_security_admin_resets_an_ordinary_second_factor_with_an_enrolment_code(client, admins, county_user):
    TOTPDevice.objects.create(user=county_user, name="default", confirmed=True)
    client.force_login(admins[Role.SECURITY_ADMIN])
    response = client.post(reverse("admin:accounts_user_otp_reset", args=[county_user.pk]))
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=county_user).exists()
    county_user.refresh_from_db()
    assert check_password(response.context["secret"], county_user.otp_enrolment_code)
    assert AuditEvent.objects.filter(action=AuditAction.OTP_RESET, target_id=str(county_user.pk)).exists()


def test_only_the_holder_of_each_right_uses_it(admins, county_user):
    holders = {
        rights.CREATE: Role.SYSTEM_ADMIN,
        rights.CHANGE_DETAILS: Role.SYSTEM_ADMIN,
        rights.RESET_PASSWORD: Role.SYSTEM_ADMIN,
        rights.CHANGE_ROLE: Role.SECURITY_ADMIN,
        rights.RESET_OTP: Role.SECURITY_ADMIN,
    }
    for (action, holder), role in itertools.product(holders.items(), ROLES):
        target = None if action == rights.CREATE else county_user
        assert rights.can(admins[role], action, target) is (role == holder), (action, role)
        assert not rights.can(county_user, action, target)


def test_the_system_admin_creates_an_ordinary_account_with_role_and_region(client, admins):
    system = admins[Role.SYSTEM_ADMIN]
    client.force_login(system)
    url = reverse("admin:accounts_user_add")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert {"role", "region"} <= set(form.fields)
    assert Role.SYSTEM_ADMIN not in dict(form.fields["role"].choices)
    data = {"username": "newcity", "full_name": "新同事", "email": "", "phone": "", "role": Role.CITY_STAFF}
    refused = client.post(url, {**data, "region": region("330106").pk})  # a county for a city role
    assert refused.status_code == 200 and refused.context["adminform"].form.errors
    response = client.post(url, {**data, "region": region("330100").pk})
    assert response.status_code == 200
    secret = response.context["secret"]
    user = User.objects.get(username="newcity")
    assert user.role == Role.CITY_STAFF and user.must_change_password and check_password(secret, user.password)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(user.pk), actor=system).exists()
    admin_role = client.post(url, {**data, "username": "sneaky", "role": Role.SECURITY_ADMIN, "region": ""})
    assert admin_role.status_code == 200 and not User.objects.filter(username="sneaky").exists()


def test_admin_accounts_are_made_and_changed_by_the_management_command(capsys, county_user):
    call_command("admin_account", "--operator", "ops", "create", "sec2", "--role", Role.SECURITY_ADMIN)
    user = User.objects.get(username="sec2")
    assert user.role == Role.SECURITY_ADMIN and user.must_change_password and user.otp_enrolment_code
    call_command("admin_account", "--operator", "ops", "change", "sec2", "--role", Role.AUDIT_ADMIN)
    call_command("admin_account", "--operator", "ops", "reset-password", "sec2")
    call_command("admin_account", "--operator", "ops", "reset-otp", "sec2")
    user.refresh_from_db()
    assert user.role == Role.AUDIT_ADMIN
    actions = list(
        AuditEvent.objects.filter(target_id=str(user.pk)).order_by("pk").values_list("action", "detail__operator")
    )
    assert actions == [
        (AuditAction.CREATE, "ops"),
        (AuditAction.ROLE_CHANGE, "ops"),
        (AuditAction.PASSWORD_RESET, "ops"),
        (AuditAction.OTP_RESET, "ops"),
    ]
    out = capsys.readouterr().out
    assert "shown once" in out
    # Ordinary accounts are kept in the admin site, not by the command.
    with pytest.raises(CommandError, match="不是管理员"):
        call_command("admin_account", "change", county_user.username, "--role", Role.SYSTEM_ADMIN)
    with pytest.raises(CommandError):
        call_command("admin_account", "create", "sneaky", "--role", Role.PROVINCE_STAFF)
