"""Residents' opinion items become draft suggestions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from deputies.selectors import deputy_mandates_for_user
from liaison_stations.models import OpinionItem

from ..choices import (
    ProposalCategory,
    ProposalKind,
)
from ..models import (
    Proposal,
    Session,
)
from .filing import proposal_create_draft

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
