"""The four lists are counted by the day of the work they record, not the day they were typed in."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from campaigns import services
from campaigns.models import SuggestionItem, WorkItem
from stats import services as stats_services
from stats.selectors import PeriodRange, figures_for_regions
from tests.campaigns.factories import CampaignFactory
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_last_years_lists_entered_today_count_in_last_year(county_user, province_user):
    """An office typing in the 2024 campaign's lists in 2026 sees them under 2024."""
    campaign = CampaignFactory(start_date=dt.date(2024, 3, 1))
    xihu = region("330106")
    work = services.work_item_create(actor=county_user, campaign=campaign, region=xihu, title="走访企业")
    problem = services.problem_create(
        actor=county_user, campaign=campaign, region=xihu, title="审批慢", work_item=work, found_on=dt.date(2024, 5, 9)
    )
    suggestion = services.suggestion_create(
        actor=county_user, campaign=campaign, region=xihu, title="压缩审批环节", problems=[problem]
    )
    assert work.listed_on == dt.date(2024, 3, 1)  # the campaign's start
    assert suggestion.listed_on == dt.date(2024, 5, 9)  # its latest source problem

    stats_services.stats_rebuild(metric_keys=["campaign_work_items", "campaign_suggestion_items"])
    province = region("330000")

    def figures(year: int) -> dict:
        period = PeriodRange(dt.date(year, 1, 1), dt.date(year, 12, 1))
        return figures_for_regions(user=province_user, regions=[province], period=period)[province.pk]

    assert figures(2024).get("campaign_work_items") == 1 and figures(2024).get("campaign_suggestion_items") == 1
    assert not figures(2026).get("campaign_work_items") and not figures(2026).get("campaign_suggestion_items")


def test_the_office_may_set_the_listing_date_itself(county_user):
    campaign = CampaignFactory()
    work = services.work_item_create(
        actor=county_user, campaign=campaign, region=region("330106"), title="调研", listed_on=dt.date(2024, 7, 1)
    )
    assert WorkItem.objects.get(pk=work.pk).listed_on == dt.date(2024, 7, 1)


@pytest.mark.django_db(transaction=True)
def test_existing_items_take_their_parents_dates_when_migrated():
    executor = MigrationExecutor(connection)
    before = [("campaigns", "0002_formal_suggestion")]
    latest = executor.loader.graph.leaf_nodes("campaigns")
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    campaign = old.get_model("campaigns", "Campaign").objects.create(
        name="双岗建功", region_id=region("330000").pk, start_date=dt.date(2024, 3, 1)
    )
    xihu = region("330106").pk
    work = old.get_model("campaigns", "WorkItem").objects.create(campaign=campaign, region_id=xihu, title="工作")
    problem_model = old.get_model("campaigns", "ProblemItem")
    early = problem_model.objects.create(campaign=campaign, region_id=xihu, title="早", found_on=dt.date(2024, 4, 2))
    late = problem_model.objects.create(campaign=campaign, region_id=xihu, title="晚", found_on=dt.date(2024, 6, 3))
    suggestion_model = old.get_model("campaigns", "SuggestionItem")
    formed = suggestion_model.objects.create(campaign=campaign, region_id=xihu, title="有来源")
    orphan = suggestion_model.objects.create(campaign=campaign, region_id=xihu, title="无来源")
    link = old.get_model("campaigns", "SuggestionProblem")
    link.objects.create(suggestion=formed, problem=early)
    link.objects.create(suggestion=formed, problem=late)

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert WorkItem.objects.get(pk=work.pk).listed_on == dt.date(2024, 3, 1)
    assert SuggestionItem.objects.get(pk=formed.pk).listed_on == dt.date(2024, 6, 3)
    assert SuggestionItem.objects.get(pk=orphan.pk).listed_on == dt.date(2024, 3, 1)
