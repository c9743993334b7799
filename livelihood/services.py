"""Writes for livelihood projects (民生实事项目): the call, deputies' proposals, candidates, the vote, progress.

Every service runs in a transaction and locks the row whose state it
changes (the call or the vote), so that two concurrent moves cannot both win.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_region_in_scope
from deputies.choices import DeputyStatus
from deputies.models import Deputy
from deputies.selectors import deputy_mandates_for_user

from .choices import CallStatus, VoteChoice, VoteStatus
from .models import (
    Ballot,
    LivelihoodCall,
    LivelihoodCandidate,
    LivelihoodProposal,
    ProjectProgress,
    VoteSession,
    VoteTally,
)


def _today() -> dt.date:
    return timezone.localdate()


def _require_staff(actor) -> None:
    if not actor.is_office_staff:
        raise PermissionDenied(_("只有代表工作机构的工作人员可以进行此操作。"))


@transaction.atomic
def livelihood_call_create(*, actor, congress, year: int, title: str, description: str = "", closes_on=None):
    _require_staff(actor)
    ensure_region_in_scope(actor, congress.region)
    call = LivelihoodCall(congress=congress, year=year, title=title, description=description, closes_on=closes_on)
    call.full_clean()
    call.save()
    return call


@transaction.atomic
def livelihood_proposal_submit(*, actor, call: LivelihoodCall, title: str, description: str) -> LivelihoodProposal:
    call = LivelihoodCall.objects.select_for_update().get(pk=call.pk)
    if call.status != CallStatus.OPEN or (call.closes_on and _today() > call.closes_on):
        raise ApplicationError(_("项目征集已结束。"))
    deputy = deputy_mandates_for_user(actor).filter(congress_id=call.congress_id).first()
    if actor.role != Role.DEPUTY or deputy is None:
        raise PermissionDenied(_("只有本届人民代表大会的代表可以提出项目。"))
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
    _require_staff(actor)
    call = LivelihoodCall.objects.select_for_update().get(pk=call.pk)
    ensure_in_scope(actor, call)
    if hasattr(call, "vote") and call.vote.status != VoteStatus.DRAFT:
        raise ApplicationError(_("票决已开始，不能再增加候选项目。"))
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
    """Open the vote; there must be more candidates than places (差额票决)."""
    _require_staff(actor)
    call = LivelihoodCall.objects.select_for_update().get(pk=call.pk)
    ensure_in_scope(actor, call)
    candidates = list(call.candidates.all())
    if places < 1 or len(candidates) <= places:
        raise ApplicationError(_("候选项目数须多于票决项目数（差额票决）。"), field="places")
    if not (0 < quorum_percent <= 100 and 0 <= pass_percent < 100):
        raise ApplicationError(_("比例须在 0 到 100 之间。"))
    vote, created = VoteSession.objects.get_or_create(
        call=call, defaults={"places": places, "quorum_percent": quorum_percent, "pass_percent": pass_percent}
    )
    if not created and vote.status != VoteStatus.DRAFT:
        raise ApplicationError(_("票决已经开始。"))
    vote.places, vote.quorum_percent, vote.pass_percent = places, quorum_percent, pass_percent
    vote.status, vote.opened_at = VoteStatus.OPEN, timezone.now()
    vote.eligible_count = Deputy.objects.filter(congress_id=call.congress_id, status=DeputyStatus.SERVING).count()
    vote.save()
    call.status = CallStatus.CLOSED
    call.save(update_fields=["status", "updated_at"])
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
    if vote.status != VoteStatus.OPEN:
        raise ApplicationError(_("票决未开始或已结束。"))
    deputy = (
        deputy_mandates_for_user(actor).filter(congress_id=vote.call.congress_id, status=DeputyStatus.SERVING).first()
    )
    if actor.role != Role.DEPUTY or deputy is None:
        raise PermissionDenied(_("只有本届人民代表大会的在任代表可以投票。"))
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
    _require_staff(actor)
    vote = VoteSession.objects.select_for_update().select_related("call").get(pk=vote.pk)
    ensure_in_scope(actor, vote.call)
    if vote.status != VoteStatus.OPEN:
        raise ApplicationError(_("票决未在进行中。"))
    vote.quorum_met = vote.ballots_cast * 100 >= vote.quorum_percent * vote.eligible_count and vote.ballots_cast > 0
    tallies = list(vote.tallies.select_related("candidate").order_by("-for_count", "candidate__order"))
    winners = []
    if vote.quorum_met:
        passing = [t for t in tallies if t.for_count * 100 > vote.pass_percent * vote.ballots_cast]
        winners = [t.candidate_id for t in passing[: vote.places]]
    LivelihoodCandidate.objects.filter(call=vote.call).update(elected=False)
    LivelihoodCandidate.objects.filter(pk__in=winners).update(elected=True)
    vote.status, vote.closed_at = VoteStatus.CLOSED, timezone.now()
    vote.save()
    return vote


@transaction.atomic
def vote_publish(*, actor, vote: VoteSession) -> VoteSession:
    _require_staff(actor)
    vote = VoteSession.objects.select_for_update().select_related("call").get(pk=vote.pk)
    ensure_in_scope(actor, vote.call)
    if vote.status != VoteStatus.CLOSED:
        raise ApplicationError(_("请先计票。"))
    vote.status = VoteStatus.PUBLISHED
    vote.save(update_fields=["status", "updated_at"])
    return vote


@transaction.atomic
def project_progress_report(
    *, actor, candidate: LivelihoodCandidate, reported_on: dt.date, percent: int, content: str
) -> ProjectProgress:
    _require_staff(actor)
    ensure_in_scope(actor, candidate.call)
    if not candidate.elected:
        raise ApplicationError(_("只有票决通过的项目需要报告进展。"))
    if not 0 <= percent <= 100:
        raise ApplicationError(_("进度须在 0 到 100 之间。"), field="percent")
    return ProjectProgress.objects.create(
        candidate=candidate, reported_on=reported_on, percent=percent, content=content, reported_by=actor
    )
