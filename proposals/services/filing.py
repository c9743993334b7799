"""Filing: drafts, attachments, co-signers and submission."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from core.exceptions import ApplicationError
from core.rights import require
from core.scoping import ensure_in_scope
from core.workflow import lock, move
from deputies.selectors import deputy_mandates_for_user

from ..choices import (
    CosignStatus,
    EventAction,
    ProposalKind,
    ProposalStatus,
)
from ..models import (
    Attachment,
    Cosignature,
    Proposal,
    ProposalEvent,
    Reply,
    Session,
)
from ..workflow import COSIGN_FLOW, PROPOSAL_FLOW
from ._common import ALLOWED_ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES, _lock, _notify, _today

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
    if not roles.is_deputy(actor):
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
    # The draft is born, not moved: its first history line has no transition.
    ProposalEvent.objects.create(
        proposal=proposal, actor=actor, action=EventAction.CREATE, to_status=ProposalStatus.DRAFT
    )
    ensure_in_scope(actor, proposal)
    for upload in attachments:
        attachment_add(actor=actor, proposal=proposal, upload=upload)
    return proposal


@transaction.atomic
def proposal_update_draft(
    *, actor, proposal: Proposal, title: str, body: str, category: str, kind: str | None = None, attachments=()
) -> Proposal:
    proposal = _lock(proposal)
    require(actor, "update", proposal)
    changes = {"title": title.strip(), "body": body, "category": category}
    if kind and proposal.status == ProposalStatus.DRAFT:
        changes["kind"] = kind
    for field, value in changes.items():
        setattr(proposal, field, value)
    proposal.full_clean(exclude=["number", "session", "region", "deputy"])
    move(PROPOSAL_FLOW, proposal, "update", actor=actor, **changes)
    for upload in attachments:
        attachment_add(actor=actor, proposal=proposal, upload=upload)
    return proposal


@transaction.atomic
def proposal_invite_cosigners(*, actor, proposal: Proposal, deputies: Iterable) -> list[Cosignature]:
    """Invite deputies of the same congress to co-sign; each confirms in their own account."""
    proposal = _lock(proposal)
    require(actor, "invite", proposal)
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
        move(PROPOSAL_FLOW, proposal, "invite", actor=actor, note=names)
        _notify(
            [c.deputy.person.user for c in invited],
            _("%(name)s代表邀请您附议“%(title)s”") % {"name": actor.get_display_name(), "title": proposal.title},
            proposal.get_absolute_url(),
        )
    return invited


@transaction.atomic
def proposal_cosign_confirm(*, actor, proposal: Proposal, accept: bool = True) -> Cosignature:
    """The invited deputy confirms (or declines) co-signing, while the proposal is being filed."""
    proposal = _lock(proposal)
    cosign = proposal.cosignatures.filter(deputy__person__user=actor).first()
    if cosign is None:
        raise PermissionDenied(_("您没有被邀请附议该议案建议。"))
    require(actor, "cosign", proposal)
    cosign = lock(cosign, related=["deputy__person"])
    cosign.proposal = proposal
    move(
        COSIGN_FLOW,
        cosign,
        "confirm" if accept else "decline",
        actor=actor,
        note=cosign.deputy.person.name,
        event={"proposal": proposal},
        responded_at=timezone.now(),
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
    require(actor, "submit", proposal)
    _check_filing_window(proposal)
    if proposal.kind == ProposalKind.MOTION:
        confirmed = proposal.cosignatures.filter(status=CosignStatus.CONFIRMED).count()
        needed = proposal.session.min_motion_cosigners
        if confirmed < needed:
            raise ApplicationError(
                _("议案须有至少 %(needed)d 名代表附议，目前已确认 %(confirmed)d 名。")
                % {"needed": needed, "confirmed": confirmed}
            )
    return move(PROPOSAL_FLOW, proposal, "submit", actor=actor, submitted_at=timezone.now())
