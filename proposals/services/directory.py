"""Sessions and the directory of handling units."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_region_in_scope

from ..models import (
    HandlingUnit,
    HandlingUnitMembership,
    Session,
)


def _ensure_office(actor) -> None:
    if not roles.is_office_staff(actor):
        raise PermissionDenied(_("只有代表工作机构的工作人员可以进行此操作。"))


# Directory and sessions
# ------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, actor, congress, name: str, sequence: int = 1, **rules) -> Session:
    """Open a session of ``congress`` for filing; ``rules`` override the handling defaults."""
    _ensure_office(actor)
    ensure_region_in_scope(actor, congress.region)
    session = Session(congress=congress, name=name, sequence=sequence, **rules)
    session.full_clean()
    session.save()
    ensure_in_scope(actor, session)
    return session


@transaction.atomic
def handling_unit_create(*, actor, region, name: str, short_name: str = "", **fields) -> HandlingUnit:
    _ensure_office(actor)
    ensure_region_in_scope(actor, region)
    unit = HandlingUnit(region=region, name=name, short_name=short_name, **fields)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def handling_unit_add_member(*, actor, unit: HandlingUnit, user) -> HandlingUnitMembership:
    _ensure_office(actor)
    ensure_in_scope(actor, unit)
    if not roles.is_unit_staff(user):
        raise ApplicationError(_("只能将承办单位工作人员账号加入承办单位。"), field="user")
    membership, _created = HandlingUnitMembership.objects.get_or_create(unit=unit, user=user)
    return membership
