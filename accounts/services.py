import secrets
import string
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.choices import AuditAction
from core.exceptions import ApplicationError

from . import rights
from .choices import ADMIN_ROLES, STAFF_ROLES, Role
from .models import User

OTP_ENROLMENT_DAYS = 3


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    region=None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    must_change_password: bool = True,
    validate: bool = True,
) -> User:
    """Create an account; seeded and imported accounts must change their password on first login."""
    user = User(
        username=username,
        role=role,
        region=region,
        full_name=full_name,
        email=email,
        phone=phone,
        must_change_password=must_change_password,
        # Staff and administrators use the admin site; deputies only the portal.
        is_staff=_uses_admin_site(role),
    )
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])


@transaction.atomic
def user_update_preferences(*, user: User, email: str, notification_delivery: str) -> User:
    user.email = email
    user.notification_delivery = notification_delivery
    user.save(update_fields=["email", "notification_delivery"])
    return user


# Account administration (three-admin separation, accounts.rights)
# ------------------------------------------------------------------------------
# Secrets (temporary passwords, enrolment codes) are returned once to be shown
# once; only their hashes are stored and never any of them in the audit log.


def _uses_admin_site(role: str) -> bool:
    return role in STAFF_ROLES or role in ADMIN_ROLES


def _require(actor, action: str, target=None) -> None:
    if not rights.can(actor, action, target):
        raise ApplicationError(_("您无权对该账号执行此操作。"))


def temporary_password() -> str:
    """A random password meeting every validator; the user must replace it at the next login."""
    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _ in range(14))
    return f"{body[:7]}-{secrets.choice(string.digits)}{secrets.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{body[7:]}"


def _issue_temporary_password(user: User) -> str:
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    return password


def _issue_otp_enrolment(user: User) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    user.otp_enrolment_code = make_password(code)
    user.otp_enrolment_expires_at = timezone.now() + timedelta(days=OTP_ENROLMENT_DAYS)
    user.save(update_fields=["otp_enrolment_code", "otp_enrolment_expires_at"])
    return code


def _notify(user: User, title: str, body: str) -> None:
    from core.services import notification_send

    notification_send(recipients=[user], title=title, body=body)


def _apply(user: User, changes: dict) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, changes[name])
    user.is_staff = _uses_admin_site(user.role)
    user.full_clean(exclude=["password"])
    user.save()
    return sorted(changed)


@transaction.atomic
def user_account_create(
    *,
    actor,
    username: str,
    role: str,
    region=None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    request=None,
) -> tuple[User, str]:
    """An ordinary account made by the system admin; returns it and its one-time temporary password."""
    _require(actor, rights.CREATE)
    if not rights.may_assign(role):
        raise ApplicationError(_("管理员账号只能由服务器上的管理命令创建。"), field="role")
    password = temporary_password()
    user = user_create(
        username=username,
        password=password,
        role=role,
        region=region,
        full_name=full_name,
        email=email,
        phone=phone,
        must_change_password=True,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        request=request,
        target=user,
        detail={"fields": ["username", "full_name", "email", "phone", "role", "region"], "role": role},
    )
    return user, password


@transaction.atomic
def user_account_update(*, actor, user: User, changes: dict, request=None) -> User:
    """Change an ordinary account: details by the system admin, role and region by the security admin."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {name: value for name, value in changes.items() if getattr(user, name) != value}
    unknown = set(changes) - set(rights.DETAIL_FIELDS) - set(rights.ROLE_FIELDS)
    if unknown:
        raise ApplicationError(_("您无权对该账号执行此操作。"))
    details = {n: v for n, v in changes.items() if n in rights.DETAIL_FIELDS}
    roles = {n: v for n, v in changes.items() if n in rights.ROLE_FIELDS}
    if details:
        _require(actor, rights.CHANGE_DETAILS, user)
    if roles:
        _require(actor, rights.CHANGE_ROLE, user)
        if "role" in roles and not rights.may_assign(roles["role"]):
            raise ApplicationError(_("管理员角色只能由服务器上的管理命令授予。"), field="role")
    before = {"role": user.role, "region": user.region.code if user.region_id else ""}
    _apply(user, changes)
    if details:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            request=request,
            target=user,
            detail={"fields": sorted(details)},
        )
    if roles:
        after = {"role": user.role, "region": user.region.code if user.region_id else ""}
        audit_record(
            actor=actor,
            action=AuditAction.ROLE_CHANGE,
            request=request,
            target=user,
            detail={"fields": sorted(roles), "from": before, "to": after},
        )
    return user


@transaction.atomic
def user_password_reset(*, actor, user: User, request=None) -> str:
    """A one-time temporary password for an ordinary account, to be changed at the next login.

    The holder is told in the portal (and by mail if they chose it), and the reset
    is audited: a resetter who used the password could not do so unnoticed.
    """
    _require(actor, rights.RESET_PASSWORD, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    password = _issue_temporary_password(user)
    audit_record(actor=actor, action=AuditAction.PASSWORD_RESET, request=request, target=user)
    _notify(
        user,
        _("您的登录密码已被管理员重置"),
        _(
            "管理员重置了您的登录密码，请使用管理员当面或电话告知的临时密码登录并立即设置新密码。如非您本人申请，请立即联系安全管理员。"
        ),
    )
    return password


@transaction.atomic
def user_otp_reset(*, actor, user: User, request=None) -> str:
    """Remove the account's second factor and issue a one-time code with which the holder binds a new one."""
    _require(actor, rights.RESET_OTP, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    code = _issue_otp_enrolment(user)
    audit_record(
        actor=actor, action=AuditAction.OTP_RESET, request=request, target=user, detail={"days": OTP_ENROLMENT_DAYS}
    )
    _notify(
        user,
        _("您的动态口令已重置"),
        _(
            "安全管理员为您签发了动态口令绑定码，请在登录后凭绑定码重新绑定身份验证器。如非您本人申请，请立即联系安全管理员。"
        ),
    )
    return code


def user_otp_enrolment_valid(*, user: User, code: str) -> bool:
    """Is ``code`` the account's current, unexpired enrolment code?"""
    if not user.otp_enrolment_code or user.otp_enrolment_expires_at is None:
        return False
    if user.otp_enrolment_expires_at < timezone.now():
        return False
    return check_password(code.strip().upper(), user.otp_enrolment_code)


@transaction.atomic
def user_otp_enrol(*, user: User, device, request=None) -> None:
    """Bind the verified device; the enrolment code is spent."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    User.objects.filter(pk=user.pk).update(otp_enrolment_code="", otp_enrolment_expires_at=None)
    user.otp_enrolment_code, user.otp_enrolment_expires_at = "", None
    audit_record(actor=user, action=AuditAction.OTP_ENROL, request=request, target=user)


# Administrator accounts: only through ``manage.py admin_account`` on the server
# ------------------------------------------------------------------------------


def _admin_target(username: str) -> User:
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise ApplicationError(_("账号不存在。"))
    if not user.is_admin_account:
        raise ApplicationError(_("该账号不是管理员账号，请在管理后台办理。"))
    return user


def _command_audit(action, user: User, operator: str, **detail) -> None:
    detail = {"via": "manage.py admin_account", "operator": operator, **detail}
    audit_record(actor=None, action=action, target=user, detail=detail)


@transaction.atomic
def admin_account_create(
    *, operator: str, username: str, role: str, full_name: str = "", email: str = ""
) -> tuple[User, str, str]:
    """The account, its temporary password and the code that binds its second factor."""
    if role not in ADMIN_ROLES:
        raise ApplicationError(_("只能创建系统管理员、安全管理员或审计管理员账号。"), field="role")
    password = temporary_password()
    user = user_create(username=username, password=password, role=role, full_name=full_name, email=email)
    code = _issue_otp_enrolment(user)
    _command_audit(AuditAction.CREATE, user, operator, role=role)
    return user, password, code


@transaction.atomic
def admin_account_change(*, operator: str, username: str, changes: dict) -> User:
    user = _admin_target(username)
    if "role" in changes and changes["role"] not in ADMIN_ROLES:
        raise ApplicationError(_("只能授予系统管理员、安全管理员或审计管理员角色。"), field="role")
    before = user.role
    changed = _apply(user, changes)
    action = AuditAction.ROLE_CHANGE if "role" in changed else AuditAction.UPDATE
    roles = {"from": before, "to": user.role} if "role" in changed else {}
    _command_audit(action, user, operator, fields=changed, **roles)
    return user


@transaction.atomic
def admin_account_password_reset(*, operator: str, username: str) -> str:
    user = _admin_target(username)
    password = _issue_temporary_password(user)
    _command_audit(AuditAction.PASSWORD_RESET, user, operator)
    return password


@transaction.atomic
def admin_account_otp_reset(*, operator: str, username: str) -> str:
    user = _admin_target(username)
    code = _issue_otp_enrolment(user)
    _command_audit(AuditAction.OTP_RESET, user, operator)
    return code
