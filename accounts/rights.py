"""Who may do what to an account: the one definition of three-admin separation.

The system admin keeps ordinary accounts (creates them, edits their details,
resets their passwords); the security admin gives ordinary accounts their
role, region and second factor; the audit admin only reads the audit log.
No administrator changes an administrator account through the portal, its own
included: those are created and changed by ``manage.py admin_account`` on the
server, where every change is audited too.
"""

from .choices import ACCOUNT_ROLES, Role

CREATE = "create"
CHANGE_DETAILS = "change_details"
RESET_PASSWORD = "reset_password"
CHANGE_ROLE = "change_role"
RESET_OTP = "reset_otp"

HOLDER = {
    CREATE: Role.SYSTEM_ADMIN,
    CHANGE_DETAILS: Role.SYSTEM_ADMIN,
    RESET_PASSWORD: Role.SYSTEM_ADMIN,
    CHANGE_ROLE: Role.SECURITY_ADMIN,
    RESET_OTP: Role.SECURITY_ADMIN,
}

# Account fields each right opens in the admin form.
DETAIL_FIELDS = ("full_name", "email", "phone", "is_active", "notification_delivery")
ROLE_FIELDS = ("role", "region", "otp_required")


def can(actor, action: str, target=None) -> bool:
    """May ``actor`` do ``action`` to ``target`` (None: to accounts in general, e.g. create one)?"""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if target is not None and (target.is_admin_account or target.pk == actor.pk):
        return False
    return actor.is_superuser or actor.role == HOLDER[action]


def may_assign(role: str) -> bool:
    """Roles the portal hands out; administrator roles come only from the admin_account command."""
    return role in ACCOUNT_ROLES
