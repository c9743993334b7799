"""The role groups, defined once: who counts as office staff, an editor, a deputy…

Each is a rule ``(user, obj=None) -> bool`` so that a workflow can use it as
it is (``allowed=roles.is_office_staff``) and a service or view can ask it of
a user alone. Nothing else in the portal compares ``user.role`` to decide a right.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .choices import ADMIN_ROLES, STAFF_ROLES, Role

# Province and city offices edit and approve publicity; county staff write drafts.
EDITOR_ROLES = frozenset({Role.PROVINCE_STAFF, Role.CITY_STAFF})


def _role(user) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


def is_office_staff(user, obj: Any = None) -> bool:
    """Works in a deputy-work office of a jurisdiction (or is a superuser): may use the office pages."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or _role(user) in STAFF_ROLES))


def is_staff_role(user, obj: Any = None) -> bool:
    """Holds a staff role of a jurisdiction; unlike office staff, a superuser without one does not."""
    return _role(user) in STAFF_ROLES


def is_editor(user, obj: Any = None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or _role(user) in EDITOR_ROLES))


def is_deputy(user, obj: Any = None) -> bool:
    return _role(user) == Role.DEPUTY


def is_unit_staff(user, obj: Any = None) -> bool:
    return _role(user) == Role.UNIT_STAFF


def is_admin(user, obj: Any = None) -> bool:
    """One of the three administrators (system, security, audit): they see no domain records."""
    return _role(user) in ADMIN_ROLES


def require_office_staff(user) -> None:
    """For services whose every step is office work (recording receptions, handling opinions)."""
    if not is_office_staff(user):
        raise PermissionDenied(_("只有代表工作机构的工作人员可以进行此操作。"))
