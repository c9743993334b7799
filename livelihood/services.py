"""Writes for livelihood projects (民生实事项目): the call, deputies' proposals, candidates, the vote, progress.

Every service runs in a transaction. Statuses move only through
``core.workflow.move`` along the flows of ``livelihood.workflow``, which lock
the row, check the step and the actor's right, and write the history; the
other steps assert their right with ``core.rights.require``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from core.exceptions import ApplicationError
from core.rights import require
from core.scoping import ensure_in_scope, ensure_region_in_scope
from core.workflow import lock, move
from deputies.choices import DeputyStatus
from deputies.models import Deputy
from deputies.selectors import deputy_mandates_for_user

from .choices import VoteChoice
from .models import (
    Ballot,
    LivelihoodCall,
    LivelihoodCandidate,
    LivelihoodProposal,
    ProjectProgress,
    VoteSession,
    VoteTally,
)
from .workflow import CALL_FLOW, VOTE_FLOW


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def livelihood_call_create(*, actor, congress, year: int, title: str, description: str = "", closes_on=None):
    if not roles.is_office_staff(actor):
        raise PermissionDenied(_("只有代表工作机构的工作人员可以进行此操作。"))
    ensure_region_in_scope(actor, congress.region)
    call = LivelihoodCall(congress=congress, year=year, title=title, description=description, closes_on=closes_on)
    call.full_clean()
    call.save()
    return call


@transaction.atomic
def livelihood_proposal_submit(*, actor, call: LivelihoodCall, title: str, description: str) -> LivelihoodProposal:
    call = lock(call)
    require(actor, "propose", call)
    if call.closes_on and _today() > call.closes_on:
        raise ApplicationError(_("项目征集已结束。"))
    deputy = deputy_mandates_for_user(actor).filter(congress_id=call.congress_id).first()
    item = LivelihoodProposal(call=call, deputy=deputy, title=title.strip(), description=description)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def livelihood_candidate_create(
    *,
    actor,
    call: LivelihoodCall,
    title: str,
    description: str,
    department: str = "",
    budget=None,
    sources: Iterable[LivelihoodProposal] = (),
) -> LivelihoodCandidate:
    """Staff merge deputies' proposals into one candidate project."""
    call = lock(call)
    ensure_in_scope(actor, call)
    # Opening the vote closes the call, so no candidate joins a running vote.
    require(actor, "add_candidate", call)
    order = call.candidates.count() + 1
    candidate = LivelihoodCandidate.objects.create(
        call=call, title=title, description=description, department=department, budget=budget, order=order
    )
    source_ids = [s.pk for s in sources]
    if source_ids:
        LivelihoodProposal.objects.filter(call=call, pk__in=source_ids).update(candidate=candidate)
    return candidate


@transaction.atomic
def vote_open(*, actor, call: LivelihoodCall, places: int, quorum_percent: int = 50, pass_percent: int = 50):
    """Open the vote, which closes the call; there must be more candidates than places (差额票决)."""
    call = lock(call)
    ensure_in_scope(actor, call)
    require(actor, "open_vote", call)
    candidates = list(call.candidates.all())
    if places < 1 or len(candidates) <= places:
        raise ApplicationError(_("候选项目数须多于票决项目数（差额票决）。"), field="places")
    if not (0 < quorum_percent <= 100 and 0 <= pass_percent < 100):
        raise ApplicationError(_("比例须在 0 到 100 之间。"))
    vote, _created = VoteSession.objects.get_or_create(call=call, defaults={"places": places})
    vote = move(
        VOTE_FLOW,
        vote,
        "open",
        actor=actor,
        places=places,
        quorum_percent=quorum_percent,
        pass_percent=pass_percent,
        opened_at=timezone.now(),
        eligible_count=Deputy.objects.filter(congress_id=call.congress_id, status=DeputyStatus.SERVING).count(),
    )
    move(CALL_FLOW, call, "close", actor=actor)
    VoteTally.objects.bulk_create([VoteTally(vote=vote, candidate=c) for c in candidates], ignore_conflicts=True)
    return vote


_COUNTER = {VoteChoice.FOR: "for_count", VoteChoice.AGAINST: "against_count", VoteChoice.ABSTAIN: "abstain_count"}


@transaction.atomic
def ballot_cast(*, actor, vote: VoteSession, choices: dict[int, str]) -> Ballot:
    """Record that the deputy voted and add their choices to the counters, unlinked from them.

    The ``Ballot`` row (unique per deputy) is inserted first: a concurrent
    second submit by the same deputy blocks on the unique index and then fails,
    so its choices are never counted.
    """
    vote = VoteSession.objects.select_related("call").get(pk=vote.pk)
    require(actor, "cast", vote)
    deputy = (
        deputy_mandates_for_user(actor).filter(congress_id=vote.call.congress_id, status=DeputyStatus.SERVING).first()
    )
    tally_ids = dict(vote.tallies.values_list("candidate_id", "pk"))
    if set(choices) != set(tally_ids) or any(c not in _COUNTER for c in choices.values()):
        raise ApplicationError(_("请对每个候选项目表明赞成、反对或弃权。"))
    if sum(1 for c in choices.values() if c == VoteChoice.FOR) > vote.places:
        raise ApplicationError(_("赞成的项目不能超过 %(places)d 个。") % {"places": vote.places})
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(vote=vote, deputy=deputy)
    except IntegrityError:
        raise ApplicationError(_("您已投过票，每位代表只能投一次。")) from None
    for candidate_id, choice in sorted(choices.items()):
        VoteTally.objects.filter(pk=tally_ids[candidate_id]).update(**{_COUNTER[choice]: F(_COUNTER[choice]) + 1})
    VoteSession.objects.filter(pk=vote.pk).update(ballots_cast=F("ballots_cast") + 1)
    return ballot


@transaction.atomic
def vote_close(*, actor, vote: VoteSession) -> VoteSession:
    """Count: with the quorum met, the candidates with the most for-votes above the threshold win."""
    vote = lock(vote, related=["call"])
    ensure_in_scope(actor, vote.call)
    require(actor, "close", vote)
    quorum_met = vote.ballots_cast * 100 >= vote.quorum_percent * vote.eligible_count and vote.ballots_cast > 0
    tallies = list(vote.tallies.select_related("candidate").order_by("-for_count", "candidate__order"))
    winners = []
    if quorum_met:
        passing = [t for t in tallies if t.for_count * 100 > vote.pass_percent * vote.ballots_cast]
        winners = [t.candidate_id for t in passing[: vote.places]]
    LivelihoodCandidate.objects.filter(call=vote.call).update(elected=False)
    LivelihoodCandidate.objects.filter(pk__in=winners).update(elected=True)
    return move(VOTE_FLOW, vote, "close", actor=actor, quorum_met=quorum_met, closed_at=timezone.now())


@transaction.atomic
def vote_publish(*, actor, vote: VoteSession) -> VoteSession:
    vote = lock(vote, related=["call"])
    ensure_in_scope(actor, vote.call)
    return move(VOTE_FLOW, vote, "publish", actor=actor)


@transaction.atomic
def project_progress_report(
    *, actor, candidate: LivelihoodCandidate, reported_on: dt.date, percent: int, content: str
) -> ProjectProgress:
    ensure_in_scope(actor, candidate.call)
    require(actor, "report_progress", candidate.call)
    if not candidate.elected:
        raise ApplicationError(_("只有票决通过的项目需要报告进展。"))
    if not 0 <= percent <= 100:
        raise ApplicationError(_("进度须在 0 到 100 之间。"), field="percent")
    return ProjectProgress.objects.create(
        candidate=candidate, reported_on=reported_on, percent=percent, content=content, reported_by=actor
    )
