"""Reads for livelihood projects, each starting from what the user may see."""

from typing import Any

from accounts import roles
from accounts.models import User
from core.rights import action_names

from .models import LivelihoodCall, LivelihoodCandidate, LivelihoodProposal, VoteSession


def call_list(*, user: User):
    return LivelihoodCall.objects.visible_to(user).select_related("congress")


def candidate_list(*, user: User):
    """Candidates of the calls the user may see: a candidate's visibility follows its call."""
    calls = LivelihoodCall.objects.visible_to(user)
    return LivelihoodCandidate.objects.filter(call__in=calls).select_related("call")


def call_page(*, user: User, call: LivelihoodCall) -> dict[str, Any]:
    """The call page: what the user may do, the vote, the candidates (with results once the user may see them)."""
    vote = VoteSession.objects.filter(call=call).select_related("call").first()
    vote_actions = action_names(user, vote) if vote is not None else set()
    return {
        "is_staff": roles.is_office_staff(user),
        "call_actions": action_names(user, call),
        "vote": vote,
        "vote_actions": vote_actions,
        "results_visible": "see_results" in vote_actions,
        "candidates": call.candidates.select_related("tally").prefetch_related("progress_reports"),
        "proposals": LivelihoodProposal.objects.visible_to(user)
        .filter(call=call)
        .select_related("deputy__person", "candidate"),
        "has_voted": vote is not None and vote.ballots.filter(deputy__person__user=user).exists(),
    }
