"""Querysets shared by the app's models."""

from core.scoping import RegionScopedQuerySet


class ProposalChildQuerySet(RegionScopedQuerySet):
    """Rows that belong to one proposal are visible exactly when the proposal is.

    Assignments, replies, ratings and attachments have no rule of their own:
    delegating to ``Proposal.objects.visible_to`` keeps the draft exclusion,
    the unit rule and the co-signer rule in one place (core.scoping plus
    ``Proposal.extra_visibility``) instead of repeating them per model.
    """

    proposal_path = "proposal"

    def visible_to(self, user):
        from .proposals import Proposal  # cycle: proposals.py builds its children on this queryset

        visible = Proposal.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.model.proposal_path}__in": visible})
