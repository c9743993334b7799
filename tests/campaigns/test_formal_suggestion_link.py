"""A suggestion-list item filed as a formal suggestion links to it, and the suggestion links back."""

import pytest
from django.urls import reverse

from campaigns import services
from tests.campaigns.factories import CampaignFactory, ProblemItemFactory
from tests.proposals.factories import SessionFactory, deputy_user, draft

pytestmark = pytest.mark.django_db


def test_suggestion_item_links_to_the_formal_suggestion_both_ways(client, province_user):
    campaign = CampaignFactory()
    problem = ProblemItemFactory(campaign=campaign)
    session = SessionFactory()
    proposal = draft(session, deputy_user(congress=session.congress))
    proposal.number = 7
    proposal.status = "registered"
    proposal.save()
    item = services.suggestion_create(
        actor=province_user,
        campaign=campaign,
        region=problem.region,
        title="优化营商环境的建议",
        problems=[problem],
        formal_suggestion=proposal,
    )
    assert item.formal_suggestion == proposal and item.formal_suggestion_number == "第0007号"
    client.force_login(province_user)
    assert (
        reverse("proposals:proposal_detail", args=[proposal.pk]) in client.get(item.get_absolute_url()).content.decode()
    )
    assert item.get_absolute_url() in client.get(proposal.get_absolute_url()).content.decode()


def test_a_suggestion_outside_the_users_scope_cannot_be_linked(other_county_user):
    from core.exceptions import ApplicationError

    campaign = CampaignFactory()
    problem = ProblemItemFactory(campaign=campaign, region=other_county_user.region)
    session = SessionFactory()
    proposal = draft(session, deputy_user(congress=session.congress))
    proposal.status = "registered"
    proposal.save()
    with pytest.raises(ApplicationError):
        services.suggestion_create(
            actor=other_county_user,
            campaign=campaign,
            region=problem.region,
            title="建议",
            problems=[problem],
            formal_suggestion=proposal,
        )
