"""Races that only a real database with row locks can show (PostgreSQL)."""

import pytest
from django.db import connection

from core.exceptions import ApplicationError
from proposals import services
from proposals.models import Proposal
from tests.concurrency import run_in_threads
from tests.factories import staff
from tests.proposals.factories import CongressFactory, SessionFactory, deputy_user, draft

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def test_numbers_stay_unique_under_concurrent_registration():
    congress = CongressFactory()
    session = SessionFactory(congress=congress)
    office = staff("330000", username="office")
    deputy = deputy_user(congress)
    proposals = []
    for i in range(12):
        proposal = draft(session, deputy, title=f"建议{i}")
        services.proposal_submit(actor=deputy, proposal=proposal)
        proposals.append(proposal)
    errors = run_in_threads([lambda p=p: services.proposal_register(actor=office, proposal=p) for p in proposals])
    assert errors == []
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 13))


def test_the_same_proposal_registered_twice_at_once_gets_one_number():
    congress = CongressFactory()
    session = SessionFactory(congress=congress)
    office = staff("330000", username="office")
    deputy = deputy_user(congress)
    proposal = draft(session, deputy)
    services.proposal_submit(actor=deputy, proposal=proposal)
    errors = run_in_threads([lambda: services.proposal_register(actor=office, proposal=proposal)] * 4)
    assert len(errors) == 3 and all(isinstance(e, ApplicationError) for e in errors)
    assert Proposal.objects.get().number == 1
