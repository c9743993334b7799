import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ApplicationError
from livelihood import services
from livelihood.choices import CallStatus, VoteStatus
from livelihood.models import Ballot, LivelihoodProposal, VoteTally
from tests.livelihood.factories import candidates
from tests.proposals.factories import deputy_user

pytestmark = pytest.mark.django_db


def test_deputies_propose_and_staff_merge(call, office, voters, other_deputy):
    first = services.livelihood_proposal_submit(
        actor=voters[0], call=call, title="老旧小区加装电梯", description="理由"
    )
    second = services.livelihood_proposal_submit(actor=voters[1], call=call, title="加装电梯补助", description="理由")
    candidate = services.livelihood_candidate_create(
        actor=office, call=call, title="老旧小区加装电梯", description="合并", sources=[first, second]
    )
    assert set(candidate.sources.all()) == {first, second}
    # A deputy sees their own proposals only.
    assert list(LivelihoodProposal.objects.visible_to(voters[0])) == [first]


def test_vote_needs_more_candidates_than_places(call, office):
    candidates(office, call, n=2)
    with pytest.raises(ApplicationError, match="差额"):
        services.vote_open(actor=office, call=call, places=2)


def test_vote_counts_passes_and_stays_secret(call, office, voters):
    c1, c2, c3 = candidates(office, call)
    vote = services.vote_open(actor=office, call=call, places=2, quorum_percent=50, pass_percent=50)
    assert vote.eligible_count == 4
    ballots = [
        {c1.pk: "for", c2.pk: "for", c3.pk: "against"},
        {c1.pk: "for", c2.pk: "against", c3.pk: "for"},
        {c1.pk: "for", c2.pk: "for", c3.pk: "abstain"},
    ]
    for user, choices in zip(voters, ballots, strict=False):
        services.ballot_cast(actor=user, vote=vote, choices=choices)
    with pytest.raises(ApplicationError, match="只能投一次"):
        services.ballot_cast(actor=voters[0], vote=vote, choices=ballots[0])
    vote = services.vote_close(actor=office, vote=vote)
    c1.refresh_from_db()
    c2.refresh_from_db()
    c3.refresh_from_db()
    assert vote.quorum_met is True
    assert (c1.elected, c2.elected, c3.elected) == (True, True, False)
    assert (c3.tally.for_count, c3.tally.against_count, c3.tally.abstain_count) == (1, 1, 1)
    # Nothing links a deputy to a choice: the ballot row has no choice fields,
    # and the tallies have no voter fields.
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "vote", "deputy", "cast_on"}
    assert not any(f.is_relation and f.related_model.__name__ == "Deputy" for f in VoteTally._meta.get_fields())


def test_too_many_for_votes_and_missing_choices_are_refused(call, office, voters):
    c1, c2, c3 = candidates(office, call)
    vote = services.vote_open(actor=office, call=call, places=2)
    with pytest.raises(ApplicationError, match="不能超过 2 个"):
        services.ballot_cast(actor=voters[0], vote=vote, choices={c1.pk: "for", c2.pk: "for", c3.pk: "for"})
    with pytest.raises(ApplicationError, match="每个候选项目"):
        services.ballot_cast(actor=voters[0], vote=vote, choices={c1.pk: "for"})
    assert not Ballot.objects.exists()


def test_quorum_not_met_elects_nobody(call, office, voters):
    c1, c2, c3 = candidates(office, call)
    vote = services.vote_open(actor=office, call=call, places=1, quorum_percent=75)
    services.ballot_cast(actor=voters[0], vote=vote, choices={c1.pk: "for", c2.pk: "against", c3.pk: "against"})
    vote = services.vote_close(actor=office, vote=vote)
    c1.refresh_from_db()
    assert vote.quorum_met is False and c1.elected is False


def test_only_deputies_of_the_congress_vote(call, office, voters, county_user):
    from tests.factories import region
    from tests.proposals.factories import CongressFactory

    c1, c2, c3 = candidates(office, call)
    vote = services.vote_open(actor=office, call=call, places=2)
    outsider = deputy_user(CongressFactory(region=region("330100"), level="city", term_number=16))
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=outsider, vote=vote, choices={c1.pk: "for", c2.pk: "for", c3.pk: "for"})
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=office, vote=vote, choices={c1.pk: "for", c2.pk: "for", c3.pk: "for"})


def test_passed_projects_report_progress(call, office, voters):
    import datetime as dt

    c1, c2, c3 = candidates(office, call)
    vote = services.vote_open(actor=office, call=call, places=1)
    for user in voters:
        services.ballot_cast(actor=user, vote=vote, choices={c1.pk: "for", c2.pk: "against", c3.pk: "abstain"})
    services.vote_close(actor=office, vote=vote)
    c1.refresh_from_db()
    services.project_progress_report(
        actor=office, candidate=c1, reported_on=dt.date.today(), percent=40, content="已开工"
    )
    assert c1.progress_reports.get().percent == 40
    c2.refresh_from_db()
    with pytest.raises(ApplicationError):
        services.project_progress_report(
            actor=office, candidate=c2, reported_on=dt.date.today(), percent=1, content="x"
        )


def test_the_call_and_the_vote_move_through_the_workflow_with_history(call, office, voters):
    c1, c2, c3 = candidates(office, call)
    vote = services.vote_open(actor=office, call=call, places=1)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    with pytest.raises(ApplicationError, match="不能开始票决"):
        services.vote_open(actor=office, call=call, places=1)
    with pytest.raises(ApplicationError, match="不能新增候选项目"):
        services.livelihood_candidate_create(actor=office, call=call, title="迟到的项目", description="x")
    with pytest.raises(ApplicationError, match="不能公布结果"):
        services.vote_publish(actor=office, vote=vote)
    with pytest.raises(PermissionDenied):
        services.vote_close(actor=voters[0], vote=vote)
    services.ballot_cast(actor=voters[0], vote=vote, choices={c1.pk: "for", c2.pk: "against", c3.pk: "abstain"})
    services.vote_close(actor=office, vote=vote)
    services.vote_publish(actor=office, vote=vote)
    assert [(e.action, e.from_status, e.to_status, e.actor) for e in vote.events.all()] == [
        ("open", VoteStatus.DRAFT, VoteStatus.OPEN, office),
        ("close", VoteStatus.OPEN, VoteStatus.CLOSED, office),
        ("publish", VoteStatus.CLOSED, VoteStatus.PUBLISHED, office),
    ]
    assert [(e.action, e.to_status) for e in call.events.all()] == [("close", CallStatus.CLOSED)]
    with pytest.raises(ApplicationError, match="不能投票"):
        services.ballot_cast(actor=voters[1], vote=vote, choices={c1.pk: "for", c2.pk: "against", c3.pk: "abstain"})
