"""Review: registration with an official number, return, conversion to a suggestion."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope

from ..choices import (
    SUGGESTION_KINDS,
    EventAction,
    ProposalKind,
    ProposalStatus,
)
from ..models import (
    NumberCounter,
    Proposal,
    Session,
)
from ._common import (
    _deputy_user,
    _event,
    _lock,
    _move,
    _notify,
    _require_staff,
    _require_status,
)

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
    _require_staff(actor)
    proposal = _lock(proposal)
    ensure_in_scope(actor, proposal)
    _require_status(proposal, ProposalStatus.SUBMITTED)
    proposal.number = _next_number(proposal.session, proposal.kind)
    proposal.registered_at = timezone.now()
    _move(
        proposal,
        to=ProposalStatus.REGISTERED,
        actor=actor,
        action=EventAction.REGISTER,
        note=proposal.display_number,
        fields=["number", "registered_at"],
    )
    return proposal


@transaction.atomic
def proposal_return(*, actor, proposal: Proposal, reason: str) -> Proposal:
    _require_staff(actor)
    if not reason.strip():
        raise ApplicationError(_("请填写退回理由。"), field="reason")
    proposal = _lock(proposal)
    ensure_in_scope(actor, proposal)
    proposal.return_reason = reason.strip()
    _move(
        proposal,
        to=ProposalStatus.RETURNED,
        actor=actor,
        action=EventAction.RETURN,
        note=proposal.return_reason,
        fields=["return_reason"],
    )
    _notify(
        [_deputy_user(proposal)],
        _("“%(title)s”被退回修改") % {"title": proposal.title},
        proposal.get_absolute_url(),
    )
    return proposal


@transaction.atomic
def proposal_convert_to_suggestion(
    *, actor, proposal: Proposal, kind: str = ProposalKind.SESSION_SUGGESTION, note: str = ""
) -> Proposal:
    """Staff turn a submitted motion into a suggestion (it then needs no co-signers)."""
    _require_staff(actor)
    proposal = _lock(proposal)
    ensure_in_scope(actor, proposal)
    _require_status(proposal, ProposalStatus.SUBMITTED)
    if proposal.kind != ProposalKind.MOTION:
        raise ApplicationError(_("只有议案可以转为建议。"))
    if kind not in SUGGESTION_KINDS:
        raise ApplicationError(_("请选择建议的类别。"), field="kind")
    proposal.kind = kind
    proposal.converted_from_motion = True
    proposal.save(update_fields=["kind", "converted_from_motion", "updated_at"])
    _event(proposal=proposal, actor=actor, action=EventAction.CONVERT, note=note)
    _notify(
        [_deputy_user(proposal)],
        _("议案“%(title)s”已转为建议办理") % {"title": proposal.title},
        proposal.get_absolute_url(),
    )
    return proposal
