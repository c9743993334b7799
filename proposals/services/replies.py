"""Replies, the deputy's rating and re-handling."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.rights import require
from core.workflow import move

from .. import calendar as workdays
from ..choices import (
    STAGE_ORDER,
    HandlingStage,
    ReplyClass,
    Satisfaction,
    UnitRole,
)
from ..models import (
    Proposal,
    Rating,
    Reply,
    StageRecord,
)
from ..workflow import PROPOSAL_FLOW
from ._common import MAX_ROUNDS, _active_task, _lock, _today
from .filing import attachment_add


@transaction.atomic
def reply_submit(
    *,
    actor,
    proposal: Proposal,
    text: str,
    classification: str,
    is_public: bool = False,
    confidential_text: str = "",
    attachments: Sequence = (),
) -> Reply:
    """The lead unit replies; contact with the deputy and every co-handling opinion must come first."""
    proposal = _lock(proposal)
    require(actor, "reply", proposal)
    lead = proposal.assignments.filter(active=True, role=UnitRole.LEAD).first()
    if lead is None:
        raise ApplicationError(_("该件没有主办单位。"))
    lead = _active_task(proposal, lead)
    if not lead.signed_at:
        raise ApplicationError(_("请先签收。"))
    require(actor, "reply", lead)
    if classification not in ReplyClass.values:
        raise ApplicationError(_("请选择答复类别。"), field="classification")
    if not text.strip():
        raise ApplicationError(_("请填写答复内容。"), field="text")
    if not proposal.contacts.filter(unit=lead.unit, round=proposal.round).exists():
        raise ApplicationError(_("答复前须与代表沟通联系并记录。"))
    missing = proposal.assignments.filter(active=True, role=UnitRole.CO, opinion="").select_related("unit")
    if missing:
        raise ApplicationError(
            _("尚待协办单位提交意见：%(units)s") % {"units": "、".join(a.unit.name for a in missing)}
        )
    today = _today()
    if lead.stage != HandlingStage.DONE:
        # The reply closes every stage still open, the report-back stage included.
        open_stages = STAGE_ORDER[STAGE_ORDER.index(HandlingStage(lead.stage)) :]
        StageRecord.objects.bulk_create(
            [
                StageRecord(
                    assignment=lead,
                    round=proposal.round,
                    stage=stage,
                    due=lead.stage_due if stage == lead.stage else None,
                    completed_on=today,
                )
                for stage in open_stages
            ]
        )
        lead.stage, lead.stage_due = HandlingStage.DONE, None
        lead.save(update_fields=["stage", "stage_due", "updated_at"])
    reply = Reply.objects.create(
        proposal=proposal,
        round=proposal.round,
        unit=lead.unit,
        text=text.strip(),
        confidential_text=confidential_text.strip(),
        classification=classification,
        is_public=is_public and proposal.disclosure_agreed,
        on_time=proposal.deadline is None or today <= proposal.deadline,
        submitted_by=actor,
    )
    for upload in attachments:
        attachment_add(actor=actor, proposal=proposal, upload=upload, reply=reply)
    move(
        PROPOSAL_FLOW,
        proposal,
        "reply",
        actor=actor,
        note=reply.get_classification_display(),
        replied_at=timezone.now(),
    )
    return reply


@transaction.atomic
def reply_rate(*, actor, proposal: Proposal, work_rating: str, result_rating: str, comment: str = "") -> Rating:
    """The filing deputy rates the reply; unsatisfied sends a first-round reply back for re-handling."""
    proposal = _lock(proposal)
    require(actor, "rate", proposal)  # the rating closes the proposal, unless it sends it back
    reply = proposal.replies.get(round=proposal.round)
    if work_rating not in Satisfaction.values or result_rating not in Satisfaction.values:
        raise ApplicationError(_("请选择评价意见。"))
    if Satisfaction.UNSATISFIED in (work_rating, result_rating) and not comment.strip():
        raise ApplicationError(_("不满意时请说明理由。"), field="comment")
    rating = Rating.objects.create(
        reply=reply, work_rating=work_rating, result_rating=result_rating, comment=comment.strip(), rated_by=actor
    )
    summary = f"{rating.get_work_rating_display()} / {rating.get_result_rating_display()} {rating.comment}".strip()
    if rating.is_unsatisfied and proposal.round < MAX_ROUNDS:
        proposal_rehandle(actor=actor, proposal=proposal, reason=summary)
    else:
        move(PROPOSAL_FLOW, proposal, "rate", actor=actor, note=summary, closed_at=timezone.now())
    return rating


@transaction.atomic
def proposal_rehandle(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """Open a second handling round with its own deadline; the first reply and rating stay as they are.

    Called by ``reply_rate`` on an unsatisfied rating (the filing deputy is the
    actor) or by staff who order re-handling.
    """
    proposal = _lock(proposal)
    if proposal.round >= MAX_ROUNDS:
        raise ApplicationError(_("已重新办理过一次。"))
    require(actor, "rehandle", proposal)
    today = _today()
    deadline = workdays.deadline_after_months(today, proposal.session.rehandling_months)
    lead = proposal.assignments.filter(active=True, role=UnitRole.LEAD).first()
    if lead is not None:
        lead.stage = HandlingStage.COMMUNICATE
        lead.stage_due = workdays.add_working_days(today, proposal.session.communicate_days)
        lead.deadline = deadline
        lead.save(update_fields=["stage", "stage_due", "deadline", "updated_at"])
    proposal.assignments.filter(active=True).exclude(role=UnitRole.LEAD).update(deadline=deadline)
    return move(
        PROPOSAL_FLOW, proposal, "rehandle", actor=actor, note=reason, round=proposal.round + 1, deadline=deadline
    )
