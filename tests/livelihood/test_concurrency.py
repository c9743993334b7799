"""Races that only a real database with row locks can show (PostgreSQL)."""

import pytest
from django.db import connection

from core.exceptions import ApplicationError
from livelihood import services
from livelihood.models import Ballot, VoteTally
from tests.concurrency import run_in_threads
from tests.factories import staff
from tests.proposals.factories import CongressFactory, deputy_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def test_one_vote_per_deputy_under_concurrent_submits():
    congress = CongressFactory()
    office = staff("330000", username="office")
    call = services.livelihood_call_create(actor=office, congress=congress, year=2027, title="征集")
    candidates = [
        services.livelihood_candidate_create(actor=office, call=call, title=f"项目{i}", description="x")
        for i in range(3)
    ]
    vote = services.vote_open(actor=office, call=call, places=2)
    voter = deputy_user(congress)
    others = [deputy_user(congress) for _ in range(5)]
    choices = {candidates[0].pk: "for", candidates[1].pk: "against", candidates[2].pk: "abstain"}
    same_deputy = [lambda: services.ballot_cast(actor=voter, vote=vote, choices=choices)] * 6
    different = [lambda u=u: services.ballot_cast(actor=u, vote=vote, choices=choices) for u in others]
    errors = run_in_threads(same_deputy + different)
    assert len(errors) == 5 and all(isinstance(e, ApplicationError) for e in errors)
    assert Ballot.objects.filter(deputy__person__user=voter).count() == 1
    assert Ballot.objects.count() == 6
    tally = VoteTally.objects.get(candidate=candidates[0])
    assert (tally.for_count, tally.against_count, tally.abstain_count) == (6, 0, 0)
    vote.refresh_from_db()
    assert vote.ballots_cast == 6
