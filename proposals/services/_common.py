"""Helpers shared by the proposal services: locks, the unit's task, notifications, stages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.services import notification_send
from core.workflow import lock

from .. import calendar as workdays
from ..choices import STAGE_ORDER, HandlingStage
from ..models import Assignment, HandlingUnit, HandlingUnitMembership, Proposal, StageRecord

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx", ".jpg", ".png"})
MAX_ROUNDS = 2


def _today() -> dt.date:
    return timezone.localdate()


def _lock(proposal: Proposal) -> Proposal:
    # Only the session comes along: the deputy's person row carries encrypted
    # fields that are slow to load and rarely needed here.
    return lock(proposal, related=["session", "region"])


def _unit_users(unit: HandlingUnit) -> list:
    return [m.user for m in HandlingUnitMembership.objects.filter(unit=unit).select_related("user")]


def _notify(users: Iterable, title: str, url: str = "") -> None:
    recipients = [u for u in users if u is not None]
    if recipients:
        notification_send(recipients=recipients, title=title, url=url)


def _active_task(proposal: Proposal, assignment: Assignment) -> Assignment:
    """The unit's task on the (locked) proposal, locked too, and still active.

    Callers then ask ``require(actor, <step>, assignment)``: the unit's rights
    on its task are declared in ``proposals.workflow.ASSIGNMENT_RIGHTS``.
    """
    assignment = lock(assignment, related=["unit"])
    if assignment.proposal_id != proposal.pk or not assignment.active:
        raise ApplicationError(_("该交办已调整，不能继续办理。"))
    assignment.proposal = proposal
    return assignment


def _record_stage(assignment: Assignment, *, round_: int, note: str = "") -> None:
    """Close the assignment's current stage and open the next one with its working-day limit."""
    today = _today()
    StageRecord.objects.create(
        assignment=assignment,
        round=round_,
        stage=assignment.stage,
        due=assignment.stage_due,
        completed_on=today,
        note=note,
    )
    position = STAGE_ORDER.index(HandlingStage(assignment.stage))
    if position + 1 < len(STAGE_ORDER):
        nxt = STAGE_ORDER[position + 1]
        assignment.stage = nxt
        assignment.stage_due = workdays.add_working_days(today, assignment.proposal.session.stage_limits()[nxt])
    else:
        assignment.stage, assignment.stage_due = HandlingStage.DONE, None
    assignment.save(update_fields=["stage", "stage_due", "updated_at"])
