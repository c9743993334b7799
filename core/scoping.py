"""Jurisdiction scoping: the one place that decides which rows a user may see.

A user sees the records of their own region and every region below it:
province staff everything in the province, city staff their city and its
counties, county staff their county. A deputy sees only records they own.
Administrators (system, security, audit) see no domain records at all.
Every view, viewset, admin, form choice and export starts from
``Model.objects.visible_to(user)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from accounts.choices import STAFF_ROLES, Role
from regions.choices import SCOPE_PREFIX_LENGTH, RegionLevel
from regions.models import Region

from .audit import audit_record
from .choices import AuditAction
from .request import current_request

if TYPE_CHECKING:
    from accounts.models import User


def region_prefix_for(user: User) -> str | None:
    """Code prefix of the user's jurisdiction, or None when the user has none."""
    if not getattr(user, "is_authenticated", False) or user.role not in STAFF_ROLES or user.region_id is None:
        return None
    return user.region.scope_prefix


def sees_everything(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


# A city's or a county's regions (a few hundred at most) are named by id: the
# planner then estimates the rows from the column's own statistics and checks
# each row by hash, with no join to the region table. A province's are named
# by code prefix: a list of thousands of ids costs more to plan than it saves.
_LISTED_PREFIX_MIN_LENGTH = SCOPE_PREFIX_LENGTH[RegionLevel.CITY]


def _region_ids_within(prefix: str) -> list[int]:
    """Ids of the regions under ``prefix``, looked up once per request."""
    request = current_request()
    memo = request.__dict__.setdefault("_region_ids_within", {}) if request is not None else {}
    if prefix not in memo:
        memo[prefix] = list(Region.objects.filter(code__startswith=prefix).values_list("pk", flat=True))
    return memo[prefix]


def region_within_q(path: str, prefix: str) -> models.Q:
    """Rows whose region (reached by ``path``) is the one with ``prefix`` or below it."""
    if len(prefix) >= _LISTED_PREFIX_MIN_LENGTH:
        return models.Q(**{f"{path}__in": _region_ids_within(prefix)})
    return models.Q(**{f"{path}__code__startswith": prefix})


def scope_q(model: type[models.Model], user: User) -> models.Q | None:
    """The filter for ``model`` rows visible to ``user``; None means no rows."""
    conditions: list[models.Q] = []
    prefix = region_prefix_for(user)
    if prefix is not None:
        conditions.append(region_within_q(model.region_lookup, prefix))
    owner_lookup = getattr(model, "owner_lookup", None)
    if owner_lookup and getattr(user, "is_authenticated", False) and user.role == Role.DEPUTY:
        conditions.append(models.Q(**{owner_lookup: user}))
    extra = model.extra_visibility(user) if getattr(user, "is_authenticated", False) else None
    if extra is not None:
        conditions.append(extra)
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


class RegionScopedQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> RegionScopedQuerySet:
        if sees_everything(user):
            return self.all()
        condition = scope_q(self.model, user)
        if condition is None:
            return self.none()
        return self.filter(condition)


def region_in_scope(user: User, region: Region | None) -> bool:
    if sees_everything(user):
        return True
    prefix = region_prefix_for(user)
    return region is not None and prefix is not None and region.code.startswith(prefix)


def regions_visible_to(user: User):
    """Regions a user may file records under (form and serializer choices)."""
    if sees_everything(user):
        return Region.objects.all()
    prefix = region_prefix_for(user)
    if prefix is None:
        return Region.objects.none()
    return Region.objects.filter(code__startswith=prefix)


def ensure_in_scope(user: User, obj: models.Model) -> None:
    """Raise PermissionDenied unless ``obj`` is visible to ``user``.

    Services call this after writing, inside their transaction, so that a
    record can neither be created in nor moved to another jurisdiction.
    """
    if obj.pk is None:
        raise PermissionDenied(_("记录尚未保存。"))
    if not type(obj).objects.visible_to(user).filter(pk=obj.pk).exists():
        audit_record(actor=user, action=AuditAction.ACCESS_DENIED, target=obj)
        raise PermissionDenied(_("该记录不在您的管辖范围内。"))


def ensure_region_in_scope(user: User, region: Region | None) -> None:
    if not region_in_scope(user, region):
        raise PermissionDenied(_("所选行政区划不在您的管辖范围内。"))


def ensure_manages(user: User, obj: models.Model) -> None:
    """Raise PermissionDenied unless the stored record belongs to the user's own jurisdiction.

    Some records are read beyond their region (a province campaign by the
    regions taking part, a team by its members' regions, key dates by the
    offices below) but changed only by the region they belong to. The stored
    row decides: a form may already have put another region on ``obj``.
    """
    ensure_in_scope(user, obj)
    region_id = type(obj)._default_manager.filter(pk=obj.pk).values_list(type(obj).region_lookup, flat=True).get()
    ensure_region_in_scope(user, Region.objects.filter(pk=region_id).first())
