"""Key supervision of suggestions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope

from ..choices import (
    SUGGESTION_KINDS,
    EventAction,
    ProposalStatus,
)
from ..models import (
    KeySupervision,
    Proposal,
    SupervisionRecord,
)
from ._common import (
    _event,
    _lock,
    _require_staff,
)

# Key supervision
# ------------------------------------------------------------------------------


@transaction.atomic
def key_supervision_set(*, actor, proposal: Proposal, leader: str, reason: str = "") -> KeySupervision:
    _require_staff(actor)
    proposal = _lock(proposal)
    ensure_in_scope(actor, proposal)
    if proposal.kind not in SUGGESTION_KINDS:
        raise ApplicationError(_("重点督办针对代表建议。"))
    if proposal.status in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.RETURNED):
        raise ApplicationError(_("建议立案后才能列为重点督办。"))
    if not leader.strip():
        raise ApplicationError(_("请填写督办领导。"), field="leader")
    supervision, _created = KeySupervision.objects.update_or_create(
        proposal=proposal, defaults={"leader": leader.strip(), "reason": reason, "created_by": actor}
    )
    _event(proposal=proposal, actor=actor, action=EventAction.SUPERVISE, note=leader)
    return supervision


@transaction.atomic
def supervision_record_add(
    *, actor, supervision: KeySupervision, happened_on: dt.date, content: str
) -> SupervisionRecord:
    _require_staff(actor)
    proposal = _lock(supervision.proposal)
    ensure_in_scope(actor, proposal)
    record = SupervisionRecord.objects.create(
        supervision=supervision, happened_on=happened_on, content=content, recorded_by=actor
    )
    _event(proposal=proposal, actor=actor, action=EventAction.SUPERVISE, note=content[:200])
    return record
