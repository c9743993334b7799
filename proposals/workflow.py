"""The state machines of motions and suggestions, and who may take each step.

A proposal moves draft → submitted → registered (or back to returned) →
assigned → handling → replied → closed, with one re-handling round after an
unsatisfied rating and reassignments while it is being handled. Co-signers
answer their invitation (``COSIGN_FLOW``) and the office decides on a unit's
extension request (``EXTENSION_FLOW``); both write their line into the
proposal's history. Handling units act through their assignment
(``ASSIGNMENT_RIGHTS``: no status of its own, the rights of its pages).

Steps that record a fact without moving the status (an invitation, a contact
with the deputy, a stage, a supervision) are transitions with ``target=None``:
checked, written to the history and audited like any move.
"""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.rights import all_of, any_of
from core.scoping import region_in_scope
from core.workflow import Notice, Workflow, action, transition
from deputies.models import Deputy

from .choices import (
    IN_HANDLING,
    SUGGESTION_KINDS,
    CosignStatus,
    ExtensionStatus,
    HandlingStage,
    ProposalKind,
    ProposalStatus,
    UnitRole,
)
from .models import Assignment, Cosignature, ExtensionRequest, HandlingUnitMembership, Proposal, ProposalEvent

S = ProposalStatus
FILING = (S.DRAFT, S.RETURNED)
WORKING = (S.HANDLING, S.REHANDLING)
# From registration on, a suggestion may be chosen for key supervision.
AFTER_REGISTRATION = (S.REGISTERED, S.ASSIGNED, S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED)


# Rules on a proposal
# ------------------------------------------------------------------------------


def files_it(user, proposal: Proposal) -> bool:
    """The filing (lead) deputy."""
    return roles.is_deputy(user) and Deputy.objects.filter(pk=proposal.deputy_id, person__user_id=user.pk).exists()


def is_invited(user, proposal: Proposal) -> bool:
    """A deputy whose invitation to co-sign waits for an answer."""
    return (
        roles.is_deputy(user)
        and proposal.cosignatures.filter(deputy__person__user_id=user.pk, status=CosignStatus.INVITED).exists()
    )


def office_of(user, proposal: Proposal) -> bool:
    """Staff of a deputy-work office whose jurisdiction covers the proposal."""
    return roles.is_office_staff(user) and region_in_scope(user, proposal.region)


def is_motion(user, proposal: Proposal) -> bool:
    return proposal.kind == ProposalKind.MOTION


def is_suggestion(user, proposal: Proposal) -> bool:
    return proposal.kind in SUGGESTION_KINDS


def is_supervised(user, proposal: Proposal) -> bool:
    return Proposal.objects.filter(pk=proposal.pk, key_supervision__isnull=False).exists()


def _my_assignments(user, proposal: Proposal, **filters):
    if not roles.is_unit_staff(user):
        return Assignment.objects.none()
    return proposal.assignments.filter(active=True, unit__memberships__user=user, **filters)


def signs_as_lead(user, proposal: Proposal) -> bool:
    """Staff of the active lead unit that has not signed for the task yet."""
    return _my_assignments(user, proposal, role=UnitRole.LEAD, signed_at__isnull=True).exists()


def signs_a_task(user, proposal: Proposal) -> bool:
    """Staff of an active unit that has not signed for its task yet."""
    return _my_assignments(user, proposal, signed_at__isnull=True).exists()


def works_on(user, proposal: Proposal) -> bool:
    """Staff of an active handling unit (lead or co-handling)."""
    return _my_assignments(user, proposal).exists()


def leads(user, proposal: Proposal) -> bool:
    """Staff of the active lead unit."""
    return _my_assignments(user, proposal, role=UnitRole.LEAD).exists()


def cohandles(user, proposal: Proposal) -> bool:
    """Staff of an active co-handling unit."""
    return _my_assignments(user, proposal, role=UnitRole.CO).exists()


def second_round(user, proposal: Proposal) -> bool:
    return proposal.round > 1


def first_round(user, proposal: Proposal) -> bool:
    return proposal.round == 1


# Notices
# ------------------------------------------------------------------------------


def _deputy_users(proposal: Proposal):
    return [
        deputy.person.user for deputy in Deputy.objects.filter(pk=proposal.deputy_id).select_related("person__user")
    ]


def _unit_users(unit_id: int) -> list:
    return [m.user for m in HandlingUnitMembership.objects.filter(unit_id=unit_id).select_related("user")]


def _to_deputy(title):
    def notify(proposal: Proposal, actor) -> Notice:
        return Notice(_deputy_users(proposal), str(title) % {"title": proposal.title}, proposal.get_absolute_url())

    return notify


def _to_lead_unit(title):
    def notify(proposal: Proposal, actor) -> Notice | None:
        lead = proposal.assignments.filter(active=True, role=UnitRole.LEAD).first()
        if lead is None:
            return None
        return Notice(_unit_users(lead.unit_id), str(title) % {"title": proposal.title}, proposal.get_absolute_url())

    return notify


# The proposal
# ------------------------------------------------------------------------------

PROPOSAL_FLOW = Workflow(
    model=Proposal,
    event_model=ProposalEvent,
    event_fk="proposal",
    transitions=[
        # Filing (the deputy)
        transition("update", sources=FILING, target=None, label=_("修改"), allowed=files_it),
        transition("invite", sources=FILING, target=None, label=_("邀请附议"), allowed=files_it),
        transition("submit", sources=FILING, target=S.SUBMITTED, label=_("提交"), allowed=files_it),
        # Review (the office)
        transition("register", sources=[S.SUBMITTED], target=S.REGISTERED, label=_("立案"), allowed=office_of),
        transition(
            "return",
            sources=[S.SUBMITTED],
            target=S.RETURNED,
            label=_("退回修改"),
            allowed=office_of,
            danger=True,
            notify=_to_deputy(_("“%(title)s”被退回修改")),
        ),
        transition(
            "convert",
            sources=[S.SUBMITTED],
            target=None,
            label=_("转为建议"),
            allowed=all_of(office_of, is_motion),
            notify=_to_deputy(_("议案“%(title)s”已转为建议办理")),
        ),
        # Assignment (the office) and signing for the task (the units)
        transition("assign", sources=[S.REGISTERED], target=S.ASSIGNED, label=_("交办"), allowed=office_of),
        transition("reassign", sources=IN_HANDLING, target=S.ASSIGNED, label=_("调整承办单位"), allowed=office_of),
        transition(
            "sign",
            sources=[S.ASSIGNED],
            target=S.HANDLING,
            label=_("签收"),
            allowed=all_of(signs_as_lead, first_round),
        ),
        # The lead unit's signature after a reassignment in the re-handling round.
        transition(
            "sign_rehandling",
            sources=[S.ASSIGNED],
            target=S.REHANDLING,
            label=_("签收（重新办理）"),
            allowed=all_of(signs_as_lead, second_round),
        ),
        # A co-handling unit's signature: the proposal's status is the lead's business.
        transition("sign_task", sources=IN_HANDLING, target=None, label=_("签收协办任务"), allowed=signs_a_task),
        transition("extension_request", sources=IN_HANDLING, target=None, label=_("申请延期"), allowed=leads),
        # Handling (the units)
        transition("contact", sources=WORKING, target=None, label=_("沟通联系代表"), allowed=works_on),
        transition("stage", sources=WORKING, target=None, label=_("完成办理阶段"), allowed=leads),
        transition(
            "opinion",
            sources=IN_HANDLING,
            target=None,
            label=_("协办意见"),
            allowed=cohandles,
        ),
        transition(
            "reply",
            sources=WORKING,
            target=S.REPLIED,
            label=_("答复"),
            allowed=leads,
            notify=_to_deputy(_("您的“%(title)s”已答复，请评价")),
        ),
        # The deputy's rating closes the proposal, or sends it back once (re-handling)
        transition("rate", sources=[S.REPLIED], target=S.CLOSED, label=_("代表评价"), allowed=files_it),
        transition(
            "rehandle",
            sources=[S.REPLIED],
            target=S.REHANDLING,
            label=_("重新办理"),
            allowed=all_of(first_round, any_of(files_it, office_of)),
            notify=_to_lead_unit(_("代表不满意，请重新办理：%(title)s")),
        ),
        # Key supervision (the office)
        transition(
            "supervise",
            sources=AFTER_REGISTRATION,
            target=None,
            label=_("重点督办"),
            allowed=all_of(office_of, is_suggestion),
        ),
        transition(
            "supervision_record",
            sources=AFTER_REGISTRATION,
            target=None,
            label=_("记录督办情况"),
            allowed=all_of(office_of, is_suggestion, is_supervised),
        ),
    ],
    actions=[
        action("cosign", label=_("答复附议邀请"), allowed=is_invited, when=FILING),
        action("see_similar", label=_("查看相似标题"), allowed=roles.is_office_staff),
        action("see_confidential", label=_("查看不公开内容"), allowed=any_of(files_it, office_of, works_on)),
    ],
)


# A co-signer's answer
# ------------------------------------------------------------------------------


def answers_invitation(user, cosignature: Cosignature) -> bool:
    """The invited deputy, while the proposal is still being filed."""
    return (
        roles.is_deputy(user)
        and cosignature.proposal.status in FILING
        and Deputy.objects.filter(pk=cosignature.deputy_id, person__user_id=user.pk).exists()
    )


COSIGN_FLOW = Workflow(
    model=Cosignature,
    event_model=ProposalEvent,
    event_fk="cosignature",
    transitions=[
        transition(
            "confirm",
            sources=[CosignStatus.INVITED],
            target=CosignStatus.CONFIRMED,
            label=_("确认附议"),
            allowed=answers_invitation,
        ),
        transition(
            "decline",
            sources=[CosignStatus.INVITED],
            target=CosignStatus.DECLINED,
            label=_("谢绝附议"),
            allowed=answers_invitation,
        ),
    ],
)


# The office's decision on an extension
# ------------------------------------------------------------------------------


def decides_extension(user, extension: ExtensionRequest) -> bool:
    return office_of(user, extension.assignment.proposal)


def _to_requester(extension: ExtensionRequest, actor) -> Notice:
    proposal = extension.assignment.proposal
    return Notice(
        [extension.requested_by],
        _("延期申请%(status)s：%(title)s") % {"status": extension.get_status_display(), "title": proposal.title},
        proposal.get_absolute_url(),
    )


EXTENSION_FLOW = Workflow(
    model=ExtensionRequest,
    event_model=ProposalEvent,
    event_fk="extension",
    transitions=[
        transition(
            "approve",
            sources=[ExtensionStatus.PENDING],
            target=ExtensionStatus.APPROVED,
            label=_("批准延期"),
            allowed=decides_extension,
            notify=_to_requester,
        ),
        transition(
            "reject",
            sources=[ExtensionStatus.PENDING],
            target=ExtensionStatus.REJECTED,
            label=_("不批准延期"),
            allowed=decides_extension,
            notify=_to_requester,
        ),
    ],
    actions=[
        action("decide", label=_("审批延期申请"), allowed=decides_extension, when=[ExtensionStatus.PENDING]),
    ],
)


# A unit's task: no status of its own, the rights of its pages
# ------------------------------------------------------------------------------


def _member(user, assignment: Assignment) -> bool:
    return (
        roles.is_unit_staff(user)
        and assignment.active
        and HandlingUnitMembership.objects.filter(unit_id=assignment.unit_id, user=user).exists()
    )


def _proposal_in(*statuses):
    def rule(user, assignment: Assignment) -> bool:
        return assignment.proposal.status in statuses

    return rule


def _signed(user, assignment: Assignment) -> bool:
    return assignment.signed_at is not None


def _unsigned(user, assignment: Assignment) -> bool:
    return assignment.signed_at is None


def _lead(user, assignment: Assignment) -> bool:
    return assignment.role == UnitRole.LEAD


def _co(user, assignment: Assignment) -> bool:
    return assignment.role == UnitRole.CO


def _stage_to_close(user, assignment: Assignment) -> bool:
    """Signing accepts the task and the reply reports back: the stages between close by hand."""
    return assignment.stage in (HandlingStage.COMMUNICATE, HandlingStage.IMPLEMENT)


ASSIGNMENT_RIGHTS = Workflow(
    model=Assignment,
    field=None,
    actions=[
        action("sign", label=_("签收"), allowed=all_of(_member, _unsigned, _proposal_in(*IN_HANDLING))),
        action("contact", label=_("记录沟通联系"), allowed=all_of(_member, _signed, _proposal_in(*WORKING))),
        action(
            "stage",
            label=_("完成本办理阶段"),
            allowed=all_of(_member, _lead, _signed, _stage_to_close, _proposal_in(*WORKING)),
        ),
        action(
            "extension",
            label=_("申请延期"),
            allowed=all_of(_member, _lead, _signed, _proposal_in(*IN_HANDLING)),
        ),
        action("opinion", label=_("提交协办意见"), allowed=all_of(_member, _co, _proposal_in(*IN_HANDLING))),
        action("reply", label=_("答复代表"), allowed=all_of(_member, _lead, _signed, _proposal_in(*WORKING))),
    ],
)
