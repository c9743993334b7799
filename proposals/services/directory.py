"""Sessions and the directory of handling units."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_region_in_scope

from ..models import (
    HandlingUnit,
    HandlingUnitMembership,
    Session,
)
from ._common import (
    _require_staff,
)

# Directory and sessions
# ------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, actor, congress, name: str, sequence: int = 1, **rules) -> Session:
    """Open a session of ``congress`` for filing; ``rules`` override the handling defaults."""
    _require_staff(actor)
    ensure_region_in_scope(actor, congress.region)
    session = Session(congress=congress, name=name, sequence=sequence, **rules)
    session.full_clean()
    session.save()
    ensure_in_scope(actor, session)
    return session


@transaction.atomic
def handling_unit_create(*, actor, region, name: str, short_name: str = "", **fields) -> HandlingUnit:
    _require_staff(actor)
    ensure_region_in_scope(actor, region)
    unit = HandlingUnit(region=region, name=name, short_name=short_name, **fields)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def handling_unit_add_member(*, actor, unit: HandlingUnit, user) -> HandlingUnitMembership:
    _require_staff(actor)
    ensure_in_scope(actor, unit)
    if user.role != Role.UNIT_STAFF:
        raise ApplicationError(_("只能将承办单位工作人员账号加入承办单位。"), field="user")
    membership, _created = HandlingUnitMembership.objects.get_or_create(unit=unit, user=user)
    return membership
