"""Who may do what to an account: three-admin separation, declared in the one rights layer.

The system admin keeps ordinary accounts (creates them, edits their details,
resets their passwords); the security admin gives ordinary accounts their
role, region and second factor; the audit admin only reads the audit log.
No administrator changes an administrator account through the portal, its own
included: those are created and changed by ``manage.py admin_account`` on the
server, where every change is audited too.

Ask with ``core.rights.can(actor, CHANGE_ROLE, user)``; an action on no one
account yet (creating one) is asked of the model: ``can(actor, CREATE, User)``.
"""

from django.utils.translation import gettext_lazy as _

from core.workflow import Rule, Workflow, action

from .choices import ACCOUNT_ROLES, Role
from .models import User

CREATE = "create"
CHANGE_DETAILS = "change_details"
RESET_PASSWORD = "reset_password"
CHANGE_ROLE = "change_role"
RESET_OTP = "reset_otp"

# Account fields each right opens in the admin form.
DETAIL_FIELDS = ("full_name", "email", "phone", "is_active", "notification_delivery")
ROLE_FIELDS = ("role", "region", "otp_required")


def held_by(role: str) -> Rule:
    """The right belongs to ``role`` (and superusers), never over an admin account or one's own."""

    def rule(actor, target) -> bool:
        if actor is None or not actor.is_authenticated or not actor.is_active:
            return False
        if isinstance(target, User) and (target.is_admin_account or target.pk == actor.pk):
            return False
        return actor.is_superuser or actor.role == role

    return rule


ACCOUNT_RIGHTS = Workflow(
    model=User,
    field=None,
    actions=[
        action(CREATE, label=_("新建账号"), allowed=held_by(Role.SYSTEM_ADMIN)),
        action(CHANGE_DETAILS, label=_("修改账号信息"), allowed=held_by(Role.SYSTEM_ADMIN)),
        action(RESET_PASSWORD, label=_("重置密码"), allowed=held_by(Role.SYSTEM_ADMIN)),
        action(CHANGE_ROLE, label=_("分配角色和辖区"), allowed=held_by(Role.SECURITY_ADMIN)),
        action(RESET_OTP, label=_("重置双因素认证"), allowed=held_by(Role.SECURITY_ADMIN)),
    ],
)


def may_assign(role: str) -> bool:
    """Roles the portal hands out; administrator roles come only from the admin_account command."""
    return role in ACCOUNT_ROLES
