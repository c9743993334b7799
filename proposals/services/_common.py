"""Helpers shared by the proposal services: locks, history, notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import ApplicationError
from core.services import notification_send

from .. import calendar as workdays
from ..choices import (
    ALLOWED_TRANSITIONS,
    STAGE_ORDER,
    HandlingStage,
    ProposalStatus,
)
from ..models import (
    Assignment,
    HandlingUnit,
    HandlingUnitMembership,
    Proposal,
    ProposalEvent,
    StageRecord,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_ATTACHMENT_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx", ".jpg", ".png"})
MAX_ROUNDS = 2


# Helpers
# ------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _require_staff(actor) -> None:
    if not actor.is_office_staff:
        raise PermissionDenied(_("只有代表工作机构的工作人员可以进行此操作。"))


def _is_owner(actor, proposal: Proposal) -> bool:
    from deputies.models import Deputy

    return Deputy.objects.filter(pk=proposal.deputy_id, person__user_id=actor.pk).exists()


def _require_owner(actor, proposal: Proposal) -> None:
    if not _is_owner(actor, proposal):
        raise PermissionDenied(_("只有领衔代表本人可以进行此操作。"))


def _require_member(actor, unit: HandlingUnit) -> None:
    if actor.role != Role.UNIT_STAFF or not HandlingUnitMembership.objects.filter(unit=unit, user=actor).exists():
        raise PermissionDenied(_("只有承办单位的工作人员可以进行此操作。"))


def _lock(proposal: Proposal) -> Proposal:
    # Only the session comes along: the deputy's person row carries encrypted
    # fields that are slow to load and rarely needed here.
    return Proposal.objects.select_for_update().select_related("session").get(pk=proposal.pk)


def _lock_assignment(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)


def _event(*, proposal: Proposal, actor, action: str, note: str = "", from_status: str = "", to_status: str = ""):
    return ProposalEvent.objects.create(
        proposal=proposal, actor=actor, action=action, note=note, from_status=from_status, to_status=to_status
    )


def _move(proposal: Proposal, *, to: str, actor, action: str, note: str = "", fields: Sequence[str] = ()) -> None:
    """Change the status if the state machine allows it, save, and write history."""
    current = proposal.status
    if to not in ALLOWED_TRANSITIONS[current]:
        raise ApplicationError(
            _("当前状态为“%(current)s”，不能进行此操作。") % {"current": ProposalStatus(current).label}
        )
    proposal.status = to
    proposal.save(update_fields=["status", "updated_at", *fields])
    _event(proposal=proposal, actor=actor, action=action, note=note, from_status=current, to_status=to)


def _require_status(proposal: Proposal, *statuses: str) -> None:
    if proposal.status not in statuses:
        raise ApplicationError(
            _("当前状态为“%(current)s”，不能进行此操作。") % {"current": ProposalStatus(proposal.status).label}
        )


def _deputy_user(proposal: Proposal):
    from accounts.models import User

    return User.objects.filter(person__mandates__pk=proposal.deputy_id).first()


def _unit_users(unit: HandlingUnit) -> list:
    return [m.user for m in HandlingUnitMembership.objects.filter(unit=unit).select_related("user")]


def _notify(users: Iterable, title: str, url: str = "") -> None:
    recipients = [u for u in users if u is not None]
    if recipients:
        notification_send(recipients=recipients, title=title, url=url)


def _active_assignment_for(actor, proposal: Proposal, assignment: Assignment) -> Assignment:
    assignment = _lock_assignment(assignment)
    if assignment.proposal_id != proposal.pk or not assignment.active:
        raise ApplicationError(_("该交办已调整，不能继续办理。"))
    _require_member(actor, assignment.unit)
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


def _require_handling(proposal: Proposal) -> None:
    _require_status(proposal, ProposalStatus.HANDLING, ProposalStatus.REHANDLING)
