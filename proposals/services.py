"""Writes for motions and suggestions: one service per transition of the state machine.

Every service runs in a transaction, locks the proposal row it moves
(``select_for_update``) so that two concurrent transitions cannot both win,
checks the move against ``ALLOWED_TRANSITIONS``, the actor's role and
jurisdiction, and writes a ``ProposalEvent`` history row.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import STAFF_ROLES, Role
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_region_in_scope
from core.services import notification_send
from deputies.selectors import deputy_mandates_for_user

from . import calendar as workdays
from .choices import (
    ALLOWED_TRANSITIONS,
    STAGE_ORDER,
    SUGGESTION_KINDS,
    CosignStatus,
    EventAction,
    ExtensionStatus,
    HandlingStage,
    ProposalCategory,
    ProposalKind,
    ProposalStatus,
    ReplyClass,
    Satisfaction,
    UnitRole,
)
from .models import (
    Assignment,
    Attachment,
    ContactRecord,
    Cosignature,
    ExtensionRequest,
    HandlingUnit,
    HandlingUnitMembership,
    KeySupervision,
    NumberCounter,
    Proposal,
    ProposalEvent,
    Rating,
    Reply,
    Session,
    StageRecord,
    SupervisionRecord,
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


# Directory and sessions
# ------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, actor, congress, name: str, sequence: int = 1, **rules) -> Session:
    """Open a session of ``congress`` for filing; ``rules`` override the handling defaults."""
    _require_staff(actor)
    ensure_region_in_scope(actor, congress.region)
    session = Session(congress=congress, name=name, sequence=sequence, **rules)
    session.full_clean()
    session.save()
    ensure_in_scope(actor, session)
    return session


@transaction.atomic
def handling_unit_create(*, actor, region, name: str, short_name: str = "", **fields) -> HandlingUnit:
    _require_staff(actor)
    ensure_region_in_scope(actor, region)
    unit = HandlingUnit(region=region, name=name, short_name=short_name, **fields)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def handling_unit_add_member(*, actor, unit: HandlingUnit, user) -> HandlingUnitMembership:
    _require_staff(actor)
    ensure_in_scope(actor, unit)
    if user.role != Role.UNIT_STAFF:
        raise ApplicationError(_("只能将承办单位工作人员账号加入承办单位。"), field="user")
    membership, _created = HandlingUnitMembership.objects.get_or_create(unit=unit, user=user)
    return membership


# Filing
# ------------------------------------------------------------------------------


def _validate_attachment(upload) -> None:
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in ALLOWED_ATTACHMENT_EXTENSIONS:
        raise ApplicationError(
            _("不支持的附件类型“%(ext)s”。") % {"ext": extension or "?"},
            field="attachments",
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(_("附件不能超过 20 MB。"), field="attachments")


@transaction.atomic
def attachment_add(*, actor, proposal: Proposal, upload, reply: Reply | None = None) -> Attachment:
    _validate_attachment(upload)
    ensure_in_scope(actor, proposal)
    attachment = Attachment(proposal=proposal, reply=reply, name=os.path.basename(upload.name)[:200], uploaded_by=actor)
    attachment.file.save(attachment.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def proposal_create_draft(
    *,
    actor,
    session: Session,
    kind: str,
    title: str,
    body: str,
    category: str,
    disclosure_agreed: bool = True,
    attachments: Sequence = (),
) -> Proposal:
    """A deputy starts a draft in a session of a congress they belong to."""
    if actor.role != Role.DEPUTY:
        raise PermissionDenied(_("只有代表本人可以提出议案建议。"))
    deputy_id = (
        deputy_mandates_for_user(actor).filter(congress_id=session.congress_id).values_list("pk", flat=True).first()
    )
    if deputy_id is None:
        raise ApplicationError(_("您不是本次会议所属人民代表大会的代表。"), field="session")
    proposal = Proposal(
        session=session,
        region_id=session.congress.region_id,
        kind=kind,
        deputy_id=deputy_id,
        title=title.strip(),
        body=body,
        category=category,
        disclosure_agreed=disclosure_agreed,
    )
    proposal.full_clean(exclude=["number", "session", "region", "deputy"])
    proposal.save()
    _event(proposal=proposal, actor=actor, action=EventAction.CREATE, to_status=ProposalStatus.DRAFT)
    ensure_in_scope(actor, proposal)
    for upload in attachments:
        attachment_add(actor=actor, proposal=proposal, upload=upload)
    return proposal


@transaction.atomic
def proposal_update_draft(
    *, actor, proposal: Proposal, title: str, body: str, category: str, kind: str | None = None, attachments=()
) -> Proposal:
    proposal = _lock(proposal)
    _require_owner(actor, proposal)
    _require_status(proposal, ProposalStatus.DRAFT, ProposalStatus.RETURNED)
    proposal.title, proposal.body, proposal.category = title.strip(), body, category
    if kind and proposal.status == ProposalStatus.DRAFT:
        proposal.kind = kind
    proposal.full_clean(exclude=["number", "session", "region", "deputy"])
    proposal.save()
    _event(proposal=proposal, actor=actor, action=EventAction.UPDATE)
    for upload in attachments:
        attachment_add(actor=actor, proposal=proposal, upload=upload)
    return proposal


@transaction.atomic
def proposal_invite_cosigners(*, actor, proposal: Proposal, deputies: Iterable) -> list[Cosignature]:
    """Invite deputies of the same congress to co-sign; each confirms in their own account."""
    proposal = _lock(proposal)
    _require_owner(actor, proposal)
    _require_status(proposal, ProposalStatus.DRAFT, ProposalStatus.RETURNED)
    invited = []
    for deputy in deputies:
        if deputy.pk == proposal.deputy_id:
            raise ApplicationError(_("领衔代表不能邀请自己附议。"), field="deputies")
        if deputy.congress_id != proposal.session.congress_id:
            raise ApplicationError(
                _("%(name)s不是本届人民代表大会的代表。") % {"name": deputy.person.name}, field="deputies"
            )
        cosign, created = Cosignature.objects.get_or_create(proposal=proposal, deputy=deputy)
        if created:
            invited.append(cosign)
    if invited:
        names = "、".join(c.deputy.person.name for c in invited)
        _event(proposal=proposal, actor=actor, action=EventAction.INVITE, note=names)
        _notify(
            [c.deputy.person.user for c in invited],
            _("%(name)s代表邀请您附议“%(title)s”") % {"name": actor.get_display_name(), "title": proposal.title},
            proposal.get_absolute_url(),
        )
    return invited


@transaction.atomic
def proposal_cosign_confirm(*, actor, proposal: Proposal, accept: bool = True) -> Cosignature:
    proposal = _lock(proposal)
    _require_status(proposal, ProposalStatus.DRAFT, ProposalStatus.RETURNED)
    cosign = (
        Cosignature.objects.select_for_update()
        .filter(proposal=proposal, deputy__person__user=actor)
        .select_related("deputy__person")
        .first()
    )
    if cosign is None:
        raise PermissionDenied(_("您没有被邀请附议该议案建议。"))
    cosign.status = CosignStatus.CONFIRMED if accept else CosignStatus.DECLINED
    cosign.responded_at = timezone.now()
    cosign.save(update_fields=["status", "responded_at"])
    _event(
        proposal=proposal,
        actor=actor,
        action=EventAction.COSIGN,
        note=f"{cosign.deputy.person.name}：{cosign.get_status_display()}",
    )
    return cosign


def _check_filing_window(proposal: Proposal) -> None:
    session, today = proposal.session, _today()
    if proposal.kind in (ProposalKind.MOTION, ProposalKind.SESSION_SUGGESTION):
        if (session.filing_opens and today < session.filing_opens) or (
            session.filing_closes and today > session.filing_closes
        ):
            raise ApplicationError(_("不在本次会议的议案、建议提出期限内。"))
    elif proposal.kind == ProposalKind.CLOSED_SUGGESTION and session.filing_closes and today <= session.filing_closes:
        raise ApplicationError(_("大会期间请提出大会期间建议；闭会期间建议在大会闭幕后提出。"))


@transaction.atomic
def proposal_submit(*, actor, proposal: Proposal) -> Proposal:
    """The filing deputy submits a draft (or a returned proposal) to the office."""
    proposal = _lock(proposal)
    _require_owner(actor, proposal)
    _require_status(proposal, ProposalStatus.DRAFT, ProposalStatus.RETURNED)
    _check_filing_window(proposal)
    if proposal.kind == ProposalKind.MOTION:
        confirmed = proposal.cosignatures.filter(status=CosignStatus.CONFIRMED).count()
        needed = proposal.session.min_motion_cosigners
        if confirmed < needed:
            raise ApplicationError(
                _("议案须有至少 %(needed)d 名代表附议，目前已确认 %(confirmed)d 名。")
                % {"needed": needed, "confirmed": confirmed}
            )
    proposal.submitted_at = timezone.now()
    _move(proposal, to=ProposalStatus.SUBMITTED, actor=actor, action=EventAction.SUBMIT, fields=["submitted_at"])
    return proposal


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


def _require_handling(proposal: Proposal) -> None:
    _require_status(proposal, ProposalStatus.HANDLING, ProposalStatus.REHANDLING)


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


# Handling
# ------------------------------------------------------------------------------


@transaction.atomic
def contact_record(*, actor, assignment: Assignment, contacted_on: dt.date, way: str, content: str) -> ContactRecord:
    """Record contact with the deputy; the lead unit must have one before it may reply."""
    proposal = _lock(assignment.proposal)
    assignment = _active_assignment_for(actor, proposal, assignment)
    _require_handling(proposal)
    if not assignment.signed_at:
        raise ApplicationError(_("请先签收。"))
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
    _event(proposal=proposal, actor=actor, action=EventAction.CONTACT, note=f"{assignment.unit.name}：{content[:100]}")
    return record


@transaction.atomic
def handling_stage_complete(*, actor, assignment: Assignment, note: str = "") -> Assignment:
    """The lead unit closes its current stage (the report-back stage closes with the reply)."""
    proposal = _lock(assignment.proposal)
    assignment = _active_assignment_for(actor, proposal, assignment)
    _require_handling(proposal)
    if assignment.role != UnitRole.LEAD:
        raise ApplicationError(_("办理阶段由主办单位推进。"))
    if assignment.stage in (HandlingStage.ACCEPT, HandlingStage.REPORT, HandlingStage.DONE):
        raise ApplicationError(_("本阶段不能单独完成：签收即接受任务，提交答复即完成落实反馈。"))
    if (
        assignment.stage == HandlingStage.COMMUNICATE
        and not proposal.contacts.filter(unit=assignment.unit, round=proposal.round).exists()
    ):
        raise ApplicationError(_("请先记录与代表的沟通联系。"))
    assignment.proposal = proposal
    completed = assignment.get_stage_display()
    _record_stage(assignment, round_=proposal.round, note=note)
    _event(proposal=proposal, actor=actor, action=EventAction.STAGE, note=f"{completed} {note}".strip())
    return assignment


@transaction.atomic
def cohandling_opinion_submit(*, actor, assignment: Assignment, opinion: str) -> Assignment:
    """A co-handling unit's opinion, which the lead unit takes into its reply."""
    proposal = _lock(assignment.proposal)
    assignment = _active_assignment_for(actor, proposal, assignment)
    _require_status(proposal, ProposalStatus.ASSIGNED, ProposalStatus.HANDLING, ProposalStatus.REHANDLING)
    if assignment.role != UnitRole.CO:
        raise ApplicationError(_("只有协办单位提交协办意见。"))
    if not opinion.strip():
        raise ApplicationError(_("请填写协办意见。"), field="opinion")
    if not assignment.signed_at:
        assignment.signed_at, assignment.signed_by = timezone.now(), actor
    assignment.opinion, assignment.opinion_at = opinion.strip(), timezone.now()
    assignment.save(update_fields=["opinion", "opinion_at", "signed_at", "signed_by", "updated_at"])
    _event(proposal=proposal, actor=actor, action=EventAction.OPINION, note=assignment.unit.name)
    lead = proposal.assignments.filter(active=True, role=UnitRole.LEAD).select_related("unit").first()
    if lead:
        _notify(
            _unit_users(lead.unit),
            _("%(unit)s已提交协办意见：%(title)s") % {"unit": assignment.unit.name, "title": proposal.title},
            proposal.get_absolute_url(),
        )
    return assignment


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
    _require_handling(proposal)
    lead = proposal.assignments.filter(active=True, role=UnitRole.LEAD).select_related("unit").first()
    if lead is None:
        raise ApplicationError(_("该件没有主办单位。"))
    lead = _active_assignment_for(actor, proposal, lead)
    if not lead.signed_at:
        raise ApplicationError(_("请先签收。"))
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
    proposal.replied_at = timezone.now()
    _move(
        proposal,
        to=ProposalStatus.REPLIED,
        actor=actor,
        action=EventAction.REPLY,
        note=reply.get_classification_display(),
        fields=["replied_at"],
    )
    _notify(
        [_deputy_user(proposal)],
        _("您的“%(title)s”已答复，请评价") % {"title": proposal.title},
        proposal.get_absolute_url(),
    )
    return reply


@transaction.atomic
def reply_rate(*, actor, proposal: Proposal, work_rating: str, result_rating: str, comment: str = "") -> Rating:
    """The filing deputy rates the reply; unsatisfied sends a first-round reply back for re-handling."""
    proposal = _lock(proposal)
    _require_owner(actor, proposal)
    _require_status(proposal, ProposalStatus.REPLIED)
    reply = proposal.replies.get(round=proposal.round)
    if work_rating not in Satisfaction.values or result_rating not in Satisfaction.values:
        raise ApplicationError(_("请选择评价意见。"))
    if Satisfaction.UNSATISFIED in (work_rating, result_rating) and not comment.strip():
        raise ApplicationError(_("不满意时请说明理由。"), field="comment")
    rating = Rating.objects.create(
        reply=reply, work_rating=work_rating, result_rating=result_rating, comment=comment.strip(), rated_by=actor
    )
    _event(
        proposal=proposal,
        actor=actor,
        action=EventAction.RATE,
        note=f"{rating.get_work_rating_display()} / {rating.get_result_rating_display()} {rating.comment}".strip(),
    )
    if rating.is_unsatisfied and proposal.round < MAX_ROUNDS:
        proposal_rehandle(actor=actor, proposal=proposal, reason=rating.comment)
    else:
        proposal.closed_at = timezone.now()
        _move(proposal, to=ProposalStatus.CLOSED, actor=actor, action=EventAction.RATE, fields=["closed_at"])
    return rating


@transaction.atomic
def proposal_rehandle(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """Open a second handling round with its own deadline; the first reply and rating stay as they are.

    Called by ``reply_rate`` on an unsatisfied rating (the filing deputy is the
    actor) or by staff who order re-handling.
    """
    proposal = _lock(proposal)
    if not _is_owner(actor, proposal):
        _require_staff(actor)
        ensure_in_scope(actor, proposal)
    if proposal.round >= MAX_ROUNDS:
        raise ApplicationError(_("已重新办理过一次。"))
    today = _today()
    proposal.round += 1
    proposal.deadline = workdays.deadline_after_months(today, proposal.session.rehandling_months)
    lead = proposal.assignments.filter(active=True, role=UnitRole.LEAD).select_related("unit").first()
    if lead is not None:
        lead.stage = HandlingStage.COMMUNICATE
        lead.stage_due = workdays.add_working_days(today, proposal.session.communicate_days)
        lead.deadline = proposal.deadline
        lead.save(update_fields=["stage", "stage_due", "deadline", "updated_at"])
    proposal.assignments.filter(active=True).exclude(role=UnitRole.LEAD).update(deadline=proposal.deadline)
    _move(
        proposal,
        to=ProposalStatus.REHANDLING,
        actor=actor,
        action=EventAction.REHANDLE,
        note=reason,
        fields=["round", "deadline"],
    )
    if lead is not None:
        _notify(
            _unit_users(lead.unit),
            _("代表不满意，请重新办理：%(title)s") % {"title": proposal.title},
            proposal.get_absolute_url(),
        )
    return proposal


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


# Reminders
# ------------------------------------------------------------------------------


def deadline_reminders_send(*, today: dt.date | None = None) -> int:
    """Tell each handling unit and each office how many of its proposals are due soon or overdue.

    One notification per user and day: the ``ReminderLog`` row (unique per
    day, user and unit/office) is claimed before sending, so a second run on
    the same day sends nothing.
    """
    from collections import Counter

    from accounts.models import User

    from .models import ReminderLog
    from .selectors import due_assignments

    today = today or _today()
    overdue, soon = due_assignments(today=today)
    by_unit: dict[int, Counter] = {}
    by_region: dict[int, Counter] = {}
    for label, rows in (("overdue", overdue), ("soon", soon)):
        for assignment in rows:
            by_unit.setdefault(assignment.unit_id, Counter())[label] += 1
            if assignment.role == UnitRole.LEAD:
                by_region.setdefault(assignment.proposal.region_id, Counter())[label] += 1
    url = reverse("proposals:due_list")
    sent = 0
    targets = [
        (f"unit:{unit_id}", counts, User.objects.filter(unit_memberships__unit_id=unit_id, is_active=True))
        for unit_id, counts in by_unit.items()
    ] + [
        (f"office:{region_id}", counts, User.objects.filter(role__in=STAFF_ROLES, region_id=region_id, is_active=True))
        for region_id, counts in by_region.items()
    ]
    for key, counts, users in targets:
        title = _("议案建议办理提醒：即将到期 %(soon)d 件，已超期 %(overdue)d 件") % {
            "soon": counts["soon"],
            "overdue": counts["overdue"],
        }
        for user in users:
            with transaction.atomic():
                _log, created = ReminderLog.objects.get_or_create(sent_on=today, recipient=user, key=key)
                if created:
                    notification_send(recipients=[user], title=title, url=url)
                    sent += 1
    return sent


# Opinion items become suggestions
# ------------------------------------------------------------------------------

_OPINION_TO_PROPOSAL_CATEGORY = {
    "urban": ProposalCategory.URBAN,
    "traffic": ProposalCategory.TRANSPORT,
    "environment": ProposalCategory.ENVIRONMENT,
    "social_security": ProposalCategory.SOCIAL,
    "health": ProposalCategory.HEALTH,
    "education": ProposalCategory.EDUCATION,
    "economy": ProposalCategory.ECONOMY,
    "governance": ProposalCategory.GOVERNANCE,
}


@transaction.atomic
def proposal_draft_from_opinion(*, actor, item) -> Proposal:
    """A deputy turns a residents' opinion item addressed or assigned to them into a draft suggestion.

    The draft goes into the latest session of the deputy's congress as a
    closed-session suggestion; the deputy edits and submits it as usual.
    """
    from liaison_stations.models import OpinionItem

    item = OpinionItem.objects.visible_to(actor).filter(pk=item.pk).first()
    if item is None:
        raise PermissionDenied(_("该记录不在您的管辖范围内。"))
    mandates = deputy_mandates_for_user(actor).filter(pk__in=[item.assigned_deputy_id, item.receiving_deputy_id])
    mandate = mandates.first()
    if mandate is None:
        raise ApplicationError(_("只有接收或承办该事项的代表可以将其转为建议。"))
    if item.suggestions.filter(deputy=mandate).exists():
        raise ApplicationError(_("该事项已转为建议。"))
    session = Session.objects.filter(congress_id=mandate.congress_id).order_by("-sequence").first()
    if session is None:
        raise ApplicationError(_("您所属的人民代表大会尚未设置会议，暂不能提出建议。"))
    proposal = proposal_create_draft(
        actor=actor,
        session=session,
        kind=ProposalKind.CLOSED_SUGGESTION,
        title=_("关于%(title)s的建议") % {"title": item.title},
        body=item.content,
        category=_OPINION_TO_PROPOSAL_CATEGORY.get(item.category, ProposalCategory.OTHER),
    )
    proposal.source_opinion = item
    proposal.save(update_fields=["source_opinion"])
    return proposal
