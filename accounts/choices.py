from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.choices import RegionLevel


class Role(models.TextChoices):
    PROVINCE_STAFF = "province_staff", _("省级工作人员")
    CITY_STAFF = "city_staff", _("市级工作人员")
    COUNTY_STAFF = "county_staff", _("县级工作人员")
    DEPUTY = "deputy", _("人大代表")
    UNIT_STAFF = "unit_staff", _("承办单位工作人员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


STAFF_ROLES = frozenset({Role.PROVINCE_STAFF, Role.CITY_STAFF, Role.COUNTY_STAFF})
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles given through the admin site; administrator roles only by the admin_account command.
ACCOUNT_ROLES = frozenset(Role) - ADMIN_ROLES

# A staff account is bound to a region of exactly its own level.
STAFF_ROLE_LEVEL = {
    Role.PROVINCE_STAFF: RegionLevel.PROVINCE,
    Role.CITY_STAFF: RegionLevel.CITY,
    Role.COUNTY_STAFF: RegionLevel.COUNTY,
}


class NotificationDelivery(models.TextChoices):
    IMMEDIATE = "immediate", _("即时")
    DAILY_DIGEST = "daily_digest", _("每日汇总")
