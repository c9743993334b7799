"""Assignment to handling units, signing for the task, deadline extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.rights import require
from core.scoping import ensure_in_scope
from core.workflow import lock, move

from .. import calendar as workdays
from ..choices import (
    ExtensionStatus,
    HandlingStage,
    ProposalStatus,
    UnitRole,
)
from ..models import (
    Assignment,
    ExtensionRequest,
    HandlingUnit,
    Proposal,
)
from ..workflow import EXTENSION_FLOW, PROPOSAL_FLOW
from ._common import _active_task, _lock, _notify, _record_stage, _today, _unit_users

# Assignment
# ------------------------------------------------------------------------------


def _create_assignments(*, actor, proposal: Proposal, lead_unit, co_units, on: dt.date, deadline: dt.date):
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    created = []
    for unit, role in [(lead_unit, UnitRole.LEAD), *((u, UnitRole.CO) for u in co_units)]:
        if unit.region_id != proposal.region_id or not unit.is_active:
            raise ApplicationError(_("承办单位“%(unit)s”不属于本级。") % {"unit": unit.name}, field="lead_unit")
        ensure_in_scope(actor, unit)
        created.append(
            Assignment.objects.create(
                proposal=proposal,
                unit=unit,
                role=role,
                assigned_on=on,
                deadline=deadline,
                stage=HandlingStage.ACCEPT,
                stage_due=workdays.add_working_days(on, proposal.session.accept_days),
            )
        )
    for assignment in created:
        _notify(
            _unit_users(assignment.unit),
            _("新交办%(role)s件：%(title)s") % {"role": assignment.get_role_display(), "title": proposal.title},
            proposal.get_absolute_url(),
        )
    return created


@transaction.atomic
def proposal_assign(*, actor, proposal: Proposal, lead_unit: HandlingUnit, co_units: Sequence = ()) -> Proposal:
    """Hand a registered proposal to one lead unit and any co-handling units; the legal deadline starts."""
    proposal = _lock(proposal)
    require(actor, "assign", proposal)
    today = _today()
    deadline = workdays.deadline_after_months(today, proposal.session.handling_months)
    units = _create_assignments(
        actor=actor, proposal=proposal, lead_unit=lead_unit, co_units=co_units, on=today, deadline=deadline
    )
    return move(
        PROPOSAL_FLOW,
        proposal,
        "assign",
        actor=actor,
        note="、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in units),
        assigned_on=today,
        deadline=deadline,
    )


@transaction.atomic
def proposal_reassign(
    *, actor, proposal: Proposal, lead_unit: HandlingUnit, co_units: Sequence = (), reason: str
) -> Proposal:
    """Move the task to other units; the legal deadline is unchanged."""
    proposal = _lock(proposal)
    require(actor, "reassign", proposal)
    if not reason.strip():
        raise ApplicationError(_("请填写调整理由。"), field="reason")
    proposal.assignments.filter(active=True).update(active=False, ended_reason=reason.strip())
    units = _create_assignments(
        actor=actor,
        proposal=proposal,
        lead_unit=lead_unit,
        co_units=co_units,
        on=_today(),
        deadline=proposal.deadline or workdays.deadline_after_months(_today(), proposal.session.handling_months),
    )
    return move(
        PROPOSAL_FLOW,
        proposal,
        "reassign",
        actor=actor,
        note=_("%(reason)s；新承办单位：%(units)s")
        % {"reason": reason.strip(), "units": "、".join(a.unit.name for a in units)},
    )


def _sign_step(proposal: Proposal, assignment: Assignment) -> str:
    """The lead's signature starts (or restarts) handling; any other signature keeps the status."""
    if assignment.role == UnitRole.LEAD and proposal.status == ProposalStatus.ASSIGNED:
        return "sign_rehandling" if proposal.round > 1 else "sign"
    return "sign_task"


@transaction.atomic
def assignment_sign(*, actor, assignment: Assignment) -> Assignment:
    """A unit signs for its task (签收); the lead's signature starts handling."""
    proposal = _lock(assignment.proposal)
    assignment = _active_task(proposal, assignment)
    if assignment.signed_at:
        raise ApplicationError(_("已签收，无需重复签收。"))
    require(actor, "sign", assignment)
    move(PROPOSAL_FLOW, proposal, _sign_step(proposal, assignment), actor=actor, note=assignment.unit.name)
    assignment.signed_at, assignment.signed_by = timezone.now(), actor
    assignment.save(update_fields=["signed_at", "signed_by", "updated_at"])
    if assignment.role == UnitRole.LEAD:
        _record_stage(assignment, round_=proposal.round)
    return assignment


@transaction.atomic
def extension_request(*, actor, assignment: Assignment, requested_deadline: dt.date, reason: str) -> ExtensionRequest:
    """The lead unit asks for more time; the whole handling may not exceed the session's maximum."""
    proposal = _lock(assignment.proposal)
    assignment = _active_task(proposal, assignment)
    if assignment.role != UnitRole.LEAD:
        raise ApplicationError(_("延期由主办单位申请。"))
    require(actor, "extension", assignment)
    if not reason.strip():
        raise ApplicationError(_("请填写延期理由。"), field="reason")
    limit = workdays.deadline_after_months(proposal.assigned_on, proposal.session.max_handling_months)
    if requested_deadline <= assignment.deadline:
        raise ApplicationError(_("申请的期限须晚于现有期限。"), field="requested_deadline")
    if requested_deadline > limit:
        raise ApplicationError(
            _("延期后的办理期限不能晚于%(limit)s。") % {"limit": f"{limit:%Y年%-m月%-d日}"},
            field="requested_deadline",
        )
    if assignment.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ApplicationError(_("已有待审批的延期申请。"))
    extension = ExtensionRequest.objects.create(
        assignment=assignment, requested_deadline=requested_deadline, reason=reason.strip(), requested_by=actor
    )
    move(PROPOSAL_FLOW, proposal, "extension_request", actor=actor, note=f"{requested_deadline}：{reason}")
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: ExtensionRequest, approve: bool, note: str = "") -> ExtensionRequest:
    """The office approves (the deadline moves for every active unit) or rejects an extension."""
    extension = lock(extension, related=["assignment"])
    proposal = _lock(extension.assignment.proposal)
    extension.assignment.proposal = proposal
    move(
        EXTENSION_FLOW,
        extension,
        "approve" if approve else "reject",
        actor=actor,
        note=note,
        event={"proposal": proposal},
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=note,
    )
    if approve:
        proposal.deadline = extension.requested_deadline
        proposal.save(update_fields=["deadline", "updated_at"])
        proposal.assignments.filter(active=True).update(deadline=extension.requested_deadline)
    return extension
