"""Key supervision of suggestions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.workflow import move

from ..choices import (
    SUGGESTION_KINDS,
    ProposalStatus,
)
from ..models import (
    KeySupervision,
    Proposal,
    SupervisionRecord,
)
from ..workflow import PROPOSAL_FLOW
from ._common import _lock

# Key supervision
# ------------------------------------------------------------------------------


@transaction.atomic
def key_supervision_set(*, actor, proposal: Proposal, leader: str, reason: str = "") -> KeySupervision:
    proposal = _lock(proposal)
    if proposal.kind not in SUGGESTION_KINDS:
        raise ApplicationError(_("重点督办针对代表建议。"))
    if proposal.status in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.RETURNED):
        raise ApplicationError(_("建议立案后才能列为重点督办。"))
    if not leader.strip():
        raise ApplicationError(_("请填写督办领导。"), field="leader")
    supervision, _created = KeySupervision.objects.update_or_create(
        proposal=proposal, defaults={"leader": leader.strip(), "reason": reason, "created_by": actor}
    )
    move(PROPOSAL_FLOW, proposal, "supervise", actor=actor, note=leader.strip())
    return supervision


@transaction.atomic
def supervision_record_add(
    *, actor, supervision: KeySupervision, happened_on: dt.date, content: str
) -> SupervisionRecord:
    proposal = _lock(supervision.proposal)
    move(PROPOSAL_FLOW, proposal, "supervision_record", actor=actor, note=content[:200])
    record = SupervisionRecord.objects.create(
        supervision=supervision, happened_on=happened_on, content=content, recorded_by=actor
    )
    return record
