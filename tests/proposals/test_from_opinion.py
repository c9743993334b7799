"""A residents' opinion item can be escalated into a deputy suggestion, keeping the link both ways."""

import pytest
from django.urls import reverse

from proposals.models import Proposal
from tests.liaison_stations.factories import OpinionItemFactory
from tests.proposals.factories import SessionFactory, deputy_user, mandate

pytestmark = pytest.mark.django_db


def test_assigned_deputy_turns_an_item_into_a_linked_draft(client):
    session = SessionFactory()
    user = deputy_user(congress=session.congress)
    item = OpinionItemFactory(title="小区路灯不亮", content="小区门口路灯坏了两个月。", assigned_deputy=mandate(user))
    client.force_login(user)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'data-testid="btn-escalate"' in page
    response = client.post(reverse("proposals:proposal_from_opinion", args=[item.pk]))
    proposal = Proposal.objects.get(source_opinion=item)
    assert response.url == proposal.get_absolute_url()
    assert proposal.status == "draft" and proposal.kind == "closed_suggestion" and "小区路灯不亮" in proposal.title
    assert 'data-testid="source-opinion"' in client.get(proposal.get_absolute_url()).content.decode()
    # The item's page now links to the suggestion and offers no second escalation.
    page = client.get(item.get_absolute_url()).content.decode()
    assert proposal.get_absolute_url() in page and 'data-testid="btn-escalate"' not in page
    client.post(reverse("proposals:proposal_from_opinion", args=[item.pk]))
    assert Proposal.objects.filter(source_opinion=item).count() == 1


def test_a_deputy_without_the_item_cannot_escalate_it(client):
    session = SessionFactory()
    owner = deputy_user(congress=session.congress)
    other = deputy_user(congress=session.congress)
    item = OpinionItemFactory(assigned_deputy=mandate(owner))
    client.force_login(other)
    response = client.post(reverse("proposals:proposal_from_opinion", args=[item.pk]))
    assert response.status_code == 404
    assert not Proposal.objects.filter(source_opinion=item).exists()
