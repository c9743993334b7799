import io
import random

import pytest

from campaigns import demo
from campaigns.models import Campaign, CampaignActivity, LeadershipInstruction, ProblemItem, ResultItem, WorkItem
from core.demo import DemoContext
from tests.factories import region

from .factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_seed_builds_the_province_campaign_at_the_reports_ratios_and_is_idempotent():
    DeputyFactory(region=region("330106"))
    ctx = DemoContext(rng=random.Random(1), size="small", stdout=io.StringIO())
    demo.seed(ctx)
    demo.seed(ctx)
    campaign = Campaign.objects.get(name=demo.CAMPAIGN_NAME)
    assert campaign.sub_activities.count() == 1
    assert campaign.participating_regions.count() == 11
    counts = [
        WorkItem.objects.filter(campaign=campaign).count(),
        ProblemItem.objects.filter(campaign=campaign).count(),
        campaign.suggestionitems.count(),
        ResultItem.objects.filter(campaign=campaign).count(),
    ]
    assert counts == [238, 197, 137, 8]
    assert CampaignActivity.objects.filter(campaign__parent=campaign).count() == 108
    assert CampaignActivity.objects.filter(campaign=campaign).count() == 40
    assert LeadershipInstruction.objects.filter(campaign=campaign).count() == 3
    # Every chain link stays in the campaign and region it belongs to.
    for problem in ProblemItem.objects.select_related("work_item"):
        assert problem.work_item.campaign_id == problem.campaign_id
    assert not ResultItem.objects.exclude(suggestion__isnull=True).exclude(suggestion__campaign=campaign).exists()
