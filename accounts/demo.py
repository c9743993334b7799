"""Demo accounts: one per role, staff at each level of Zhejiang's hierarchy."""

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_create
from regions.models import Region

ORDER = 0

DEMO_STAFF = [
    ("province", Role.PROVINCE_STAFF, "330000"),
    ("hangzhou", Role.CITY_STAFF, "330100"),
    ("ningbo", Role.CITY_STAFF, "330200"),
    ("xihu", Role.COUNTY_STAFF, "330106"),
    ("yinzhou", Role.COUNTY_STAFF, "330212"),
]
DEMO_ADMINS = [
    ("sysadmin", Role.SYSTEM_ADMIN),
    ("secadmin", Role.SECURITY_ADMIN),
    ("auditadmin", Role.AUDIT_ADMIN),
]


def seed(ctx) -> None:
    password = ctx.shared["password"]
    for username, role, code in DEMO_STAFF:
        user = User.objects.filter(username=username).first() or user_create(
            username=username,
            password=password,
            role=role,
            region=Region.objects.get(code=code),
            full_name=f"{Region.objects.get(code=code).name}代表工委",
            # Demo accounts skip the forced first-login change so the demo opens at once.
            must_change_password=False,
        )
        ctx.logins.append((f"{user.get_role_display()} · {user.region.name}", username, password))
        ctx.shared[f"user:{username}"] = user
    for username, role in DEMO_ADMINS:
        user = User.objects.filter(username=username).first() or user_create(
            username=username, password=password, role=role, must_change_password=False
        )
        ctx.logins.append((str(user.get_role_display()), username, password))
