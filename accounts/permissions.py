"""Model permissions follow from the role; there are no per-user grants to drift.

Row visibility is a separate matter, decided by core.scoping.
"""

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from .choices import Role

DOMAIN_APPS = (
    "deputies",
    "liaison_stations",
    "campaigns",
    "proposals",
    "livelihood",
    "publicity",
    "stats",
    "personnel",
)

# role -> (app labels with every permission, extra "app.codename" permissions)
ROLE_PERMISSIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Role.PROVINCE_STAFF: (DOMAIN_APPS, ("regions.view_region", "core.view_job")),
    Role.CITY_STAFF: (DOMAIN_APPS, ("regions.view_region", "core.view_job")),
    Role.COUNTY_STAFF: (DOMAIN_APPS, ("regions.view_region", "core.view_job")),
    Role.DEPUTY: ((), ()),
    Role.UNIT_STAFF: ((), ()),
    # Manages accounts, but neither roles nor the audit trail.
    Role.SYSTEM_ADMIN: ((), ("accounts.add_user", "accounts.change_user", "accounts.view_user", "regions.view_region")),
    # Manages roles and security policy (lockouts, second factors). Devices are only
    # listed: a second factor is reset through the account (accounts.services.user_otp_reset),
    # which refuses administrator accounts.
    Role.SECURITY_ADMIN: (
        ("axes",),
        ("accounts.change_user", "accounts.view_user", "regions.view_region", "otp_totp.view_totpdevice"),
    ),
    # Reads the audit trail and nothing else; nobody may change or delete it.
    Role.AUDIT_ADMIN: ((), ("core.view_auditevent", "axes.view_accessattempt", "axes.view_accesslog")),
}


@cache
def role_permissions(role: str) -> frozenset[str]:
    apps, extra = ROLE_PERMISSIONS.get(role, ((), ()))
    names = set(extra)
    if apps:
        names.update(
            f"{app}.{codename}"
            for app, codename in Permission.objects.filter(content_type__app_label__in=apps).values_list(
                "content_type__app_label", "codename"
            )
        )
    # Audit records are append-only for everyone.
    return frozenset(n for n in names if not n.startswith(("core.change_auditevent", "core.delete_auditevent")))


class RoleModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = set(super().get_all_permissions(user_obj)) | role_permissions(user_obj.role)
        return user_obj._role_perm_cache
