"""Reads for livelihood projects, each starting from what the user may see."""

from typing import Any

from accounts.models import User

from .choices import VoteStatus
from .models import LivelihoodCall, LivelihoodCandidate, LivelihoodProposal, VoteSession


def call_list(*, user: User):
    return LivelihoodCall.objects.visible_to(user).select_related("congress")


def candidate_list(*, user: User):
    """Candidates of the calls the user may see: a candidate's visibility follows its call."""
    calls = LivelihoodCall.objects.visible_to(user)
    return LivelihoodCandidate.objects.filter(call__in=calls).select_related("call")


def call_page(*, user: User, call: LivelihoodCall) -> dict[str, Any]:
    """The call page: the vote, the candidates (results once visible to the user) and the proposals."""
    vote = VoteSession.objects.filter(call=call).first()
    is_staff = user.is_office_staff
    results_visible = vote is not None and (
        vote.status == VoteStatus.PUBLISHED or (is_staff and vote.status == VoteStatus.CLOSED)
    )
    return {
        "is_staff": is_staff,
        "vote": vote,
        "results_visible": results_visible,
        "candidates": call.candidates.select_related("tally").prefetch_related("progress_reports"),
        "proposals": LivelihoodProposal.objects.visible_to(user)
        .filter(call=call)
        .select_related("deputy__person", "candidate"),
        "has_voted": vote is not None and vote.ballots.filter(deputy__person__user=user).exists(),
    }
