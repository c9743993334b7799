"""Handling by the units: contact with the deputy, stages, co-handling opinions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.rights import require
from core.workflow import move

from ..choices import (
    HandlingStage,
    UnitRole,
)
from ..models import (
    Assignment,
    ContactRecord,
)
from ..workflow import PROPOSAL_FLOW
from ._common import _active_task, _lock, _notify, _record_stage, _today, _unit_users

# Handling
# ------------------------------------------------------------------------------


@transaction.atomic
def contact_record(*, actor, assignment: Assignment, contacted_on: dt.date, way: str, content: str) -> ContactRecord:
    """Record contact with the deputy; the lead unit must have one before it may reply."""
    proposal = _lock(assignment.proposal)
    require(actor, "contact", proposal)
    assignment = _active_task(proposal, assignment)
    if not assignment.signed_at:
        raise ApplicationError(_("请先签收。"))
    require(actor, "contact", assignment)
    if contacted_on > _today():
        raise ApplicationError(_("联系日期不能晚于今天。"), field="contacted_on")
    if not content.strip():
        raise ApplicationError(_("请填写沟通内容。"), field="content")
    record = ContactRecord.objects.create(
        proposal=proposal,
        unit=assignment.unit,
        round=proposal.round,
        contacted_on=contacted_on,
        way=way,
        content=content.strip(),
        recorded_by=actor,
    )
    move(PROPOSAL_FLOW, proposal, "contact", actor=actor, note=f"{assignment.unit.name}：{content[:100]}")
    return record


@transaction.atomic
def handling_stage_complete(*, actor, assignment: Assignment, note: str = "") -> Assignment:
    """The lead unit closes its current stage (the report-back stage closes with the reply)."""
    proposal = _lock(assignment.proposal)
    require(actor, "stage", proposal)
    assignment = _active_task(proposal, assignment)
    if assignment.role != UnitRole.LEAD:
        raise ApplicationError(_("办理阶段由主办单位推进。"))
    if assignment.stage in (HandlingStage.ACCEPT, HandlingStage.REPORT, HandlingStage.DONE):
        raise ApplicationError(_("本阶段不能单独完成：签收即接受任务，提交答复即完成落实反馈。"))
    require(actor, "stage", assignment)
    if (
        assignment.stage == HandlingStage.COMMUNICATE
        and not proposal.contacts.filter(unit=assignment.unit, round=proposal.round).exists()
    ):
        raise ApplicationError(_("请先记录与代表的沟通联系。"))
    completed = assignment.get_stage_display()
    _record_stage(assignment, round_=proposal.round, note=note)
    move(PROPOSAL_FLOW, proposal, "stage", actor=actor, note=f"{completed} {note}".strip())
    return assignment


@transaction.atomic
def cohandling_opinion_submit(*, actor, assignment: Assignment, opinion: str) -> Assignment:
    """A co-handling unit's opinion, which the lead unit takes into its reply."""
    proposal = _lock(assignment.proposal)
    assignment = _active_task(proposal, assignment)
    if assignment.role != UnitRole.CO:
        raise ApplicationError(_("只有协办单位提交协办意见。"))
    require(actor, "opinion", proposal)
    require(actor, "opinion", assignment)
    if not opinion.strip():
        raise ApplicationError(_("请填写协办意见。"), field="opinion")
    if not assignment.signed_at:
        assignment.signed_at, assignment.signed_by = timezone.now(), actor
    assignment.opinion, assignment.opinion_at = opinion.strip(), timezone.now()
    assignment.save(update_fields=["opinion", "opinion_at", "signed_at", "signed_by", "updated_at"])
    move(PROPOSAL_FLOW, proposal, "opinion", actor=actor, note=assignment.unit.name)
    lead = proposal.assignments.filter(active=True, role=UnitRole.LEAD).select_related("unit").first()
    if lead:
        _notify(
            _unit_users(lead.unit),
            _("%(unit)s已提交协办意见：%(title)s") % {"unit": assignment.unit.name, "title": proposal.title},
            proposal.get_absolute_url(),
        )
    return assignment
