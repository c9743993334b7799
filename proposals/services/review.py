"""Review: registration with an official number, return, conversion to a suggestion."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.rights import require
from core.workflow import move

from ..choices import (
    SUGGESTION_KINDS,
    ProposalKind,
)
from ..models import (
    NumberCounter,
    Proposal,
    Session,
)
from ..workflow import PROPOSAL_FLOW
from ._common import _lock

# Review
# ------------------------------------------------------------------------------


def _next_number(session: Session, kind: str) -> int:
    """Draw the next number of a session and kind; the counter row lock serialises concurrent draws."""
    try:
        with transaction.atomic():
            NumberCounter.objects.get_or_create(session=session, kind=kind)
    except IntegrityError:
        pass  # created by a concurrent registration: lock it below
    counter = NumberCounter.objects.select_for_update().get(session=session, kind=kind)
    counter.last_number = F("last_number") + 1
    counter.save(update_fields=["last_number"])
    counter.refresh_from_db(fields=["last_number"])
    return counter.last_number


@transaction.atomic
def proposal_register(*, actor, proposal: Proposal) -> Proposal:
    """Staff accept a submitted proposal and give it its official number."""
    proposal = _lock(proposal)
    require(actor, "register", proposal)
    number = _next_number(proposal.session, proposal.kind)
    return move(
        PROPOSAL_FLOW,
        proposal,
        "register",
        actor=actor,
        note=f"第{number:04d}号",
        number=number,
        registered_at=timezone.now(),
    )


@transaction.atomic
def proposal_return(*, actor, proposal: Proposal, reason: str) -> Proposal:
    proposal = _lock(proposal)
    require(actor, "return", proposal)
    if not reason.strip():
        raise ApplicationError(_("请填写退回理由。"), field="reason")
    return move(PROPOSAL_FLOW, proposal, "return", actor=actor, note=reason.strip(), return_reason=reason.strip())


@transaction.atomic
def proposal_convert_to_suggestion(
    *, actor, proposal: Proposal, kind: str = ProposalKind.SESSION_SUGGESTION, note: str = ""
) -> Proposal:
    """Staff turn a submitted motion into a suggestion (it then needs no co-signers)."""
    proposal = _lock(proposal)
    require(actor, "convert", proposal)
    if kind not in SUGGESTION_KINDS:
        raise ApplicationError(_("请选择建议的类别。"), field="kind")
    return move(PROPOSAL_FLOW, proposal, "convert", actor=actor, note=note, kind=kind, converted_from_motion=True)
