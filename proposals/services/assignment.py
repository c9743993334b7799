"""Assignment to handling units, signing for the task, deadline extensions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope

from .. import calendar as workdays
from ..choices import (
    EventAction,
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
from ._common import (
    _active_assignment_for,
    _event,
    _lock,
    _move,
    _notify,
    _record_stage,
    _require_staff,
    _require_status,
    _today,
    _unit_users,
)

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
    _require_staff(actor)
    proposal = _lock(proposal)
    ensure_in_scope(actor, proposal)
    _require_status(proposal, ProposalStatus.REGISTERED)
    today = _today()
    proposal.assigned_on = today
    proposal.deadline = workdays.deadline_after_months(today, proposal.session.handling_months)
    units = _create_assignments(
        actor=actor, proposal=proposal, lead_unit=lead_unit, co_units=co_units, on=today, deadline=proposal.deadline
    )
    _move(
        proposal,
        to=ProposalStatus.ASSIGNED,
        actor=actor,
        action=EventAction.ASSIGN,
        note="、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in units),
        fields=["assigned_on", "deadline"],
    )
    return proposal


@transaction.atomic
def proposal_reassign(
    *, actor, proposal: Proposal, lead_unit: HandlingUnit, co_units: Sequence = (), reason: str
) -> Proposal:
    """Move the task to other units; the legal deadline is unchanged."""
    _require_staff(actor)
    if not reason.strip():
        raise ApplicationError(_("请填写调整理由。"), field="reason")
    proposal = _lock(proposal)
    ensure_in_scope(actor, proposal)
    _require_status(proposal, ProposalStatus.ASSIGNED, ProposalStatus.HANDLING, ProposalStatus.REHANDLING)
    proposal.assignments.filter(active=True).update(active=False, ended_reason=reason.strip())
    units = _create_assignments(
        actor=actor,
        proposal=proposal,
        lead_unit=lead_unit,
        co_units=co_units,
        on=_today(),
        deadline=proposal.deadline or workdays.deadline_after_months(_today(), proposal.session.handling_months),
    )
    _move(
        proposal,
        to=ProposalStatus.ASSIGNED,
        actor=actor,
        action=EventAction.REASSIGN,
        note=_("%(reason)s；新承办单位：%(units)s")
        % {"reason": reason.strip(), "units": "、".join(a.unit.name for a in units)},
    )
    return proposal


@transaction.atomic
def assignment_sign(*, actor, assignment: Assignment) -> Assignment:
    """A unit signs for its task (签收); the lead's signature starts handling."""
    proposal = _lock(assignment.proposal)
    assignment = _active_assignment_for(actor, proposal, assignment)
    if assignment.signed_at:
        raise ApplicationError(_("已签收，无需重复签收。"))
    assignment.signed_at, assignment.signed_by = timezone.now(), actor
    assignment.save(update_fields=["signed_at", "signed_by", "updated_at"])
    assignment.proposal = proposal
    if assignment.role == UnitRole.LEAD:
        _record_stage(assignment, round_=proposal.round)
        target = ProposalStatus.REHANDLING if proposal.round > 1 else ProposalStatus.HANDLING
        if proposal.status == ProposalStatus.ASSIGNED:
            if target == ProposalStatus.REHANDLING:
                proposal.status = ProposalStatus.REHANDLING
                proposal.save(update_fields=["status", "updated_at"])
                _event(
                    proposal=proposal,
                    actor=actor,
                    action=EventAction.SIGN,
                    note=assignment.unit.name,
                    from_status=ProposalStatus.ASSIGNED,
                    to_status=ProposalStatus.REHANDLING,
                )
            else:
                _move(proposal, to=target, actor=actor, action=EventAction.SIGN, note=assignment.unit.name)
            return assignment
    _event(proposal=proposal, actor=actor, action=EventAction.SIGN, note=assignment.unit.name)
    return assignment


@transaction.atomic
def extension_request(*, actor, assignment: Assignment, requested_deadline: dt.date, reason: str) -> ExtensionRequest:
    """The lead unit asks for more time; the whole handling may not exceed the session's maximum."""
    proposal = _lock(assignment.proposal)
    assignment = _active_assignment_for(actor, proposal, assignment)
    if assignment.role != UnitRole.LEAD:
        raise ApplicationError(_("延期由主办单位申请。"))
    _require_status(proposal, ProposalStatus.ASSIGNED, ProposalStatus.HANDLING, ProposalStatus.REHANDLING)
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
    _event(proposal=proposal, actor=actor, action=EventAction.EXTENSION_REQUEST, note=f"{requested_deadline}：{reason}")
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: ExtensionRequest, approve: bool, note: str = "") -> ExtensionRequest:
    _require_staff(actor)
    extension = ExtensionRequest.objects.select_for_update().select_related("assignment").get(pk=extension.pk)
    proposal = _lock(extension.assignment.proposal)
    ensure_in_scope(actor, proposal)
    if extension.status != ExtensionStatus.PENDING:
        raise ApplicationError(_("该延期申请已审批。"))
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by, extension.decided_at, extension.decision_note = actor, timezone.now(), note
    extension.save()
    if approve:
        proposal.deadline = extension.requested_deadline
        proposal.save(update_fields=["deadline", "updated_at"])
        proposal.assignments.filter(active=True).update(deadline=extension.requested_deadline)
    _event(
        proposal=proposal,
        actor=actor,
        action=EventAction.EXTENSION_DECIDE,
        note=f"{extension.get_status_display()} {note}".strip(),
    )
    _notify(
        [extension.requested_by],
        _("延期申请%(status)s：%(title)s") % {"status": extension.get_status_display(), "title": proposal.title},
        proposal.get_absolute_url(),
    )
    return extension
