"""factory_boy factories for campaigns; they write rows directly, tests of rules go through services."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.choices import Role
from campaigns.choices import ActivityType
from campaigns.models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    SuggestionProblem,
    WorkItem,
)
from deputies.models import Congress, Deputy, Person
from tests.factories import UserFactory, region


class CongressFactory(DjangoModelFactory):
    class Meta:
        model = Congress
        django_get_or_create = ("region", "level", "term_number")

    region = factory.LazyFunction(lambda: region("330106"))
    level = "county"
    term_number = 17
    name = factory.LazyAttribute(lambda o: f"{o.region.name}第十七届人民代表大会")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = "male"


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    person = factory.SubFactory(PersonFactory)
    region = factory.LazyFunction(lambda: region("330106"))
    congress = factory.LazyAttribute(lambda o: CongressFactory(region=o.region))
    level = "county"


def deputy_user(code: str = "330106", **kwargs):
    """A deputy-role account with one mandate in ``code``; returns (user, deputy)."""
    user = UserFactory(role=Role.DEPUTY, region=None, is_staff=False, **kwargs)
    deputy = DeputyFactory(region=region(code), person=PersonFactory(user=user))
    return user, deputy


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"双岗建功主题活动{n}")
    region = factory.LazyFunction(lambda: region("330000"))
    start_date = datetime.date(2024, 3, 1)
    end_date = datetime.date(2024, 12, 31)

    @factory.post_generation
    def participating_regions(self, create, extracted, **kwargs):
        # By default 杭州 and 宁波 take part, so the conftest county users see it.
        if create:
            self.participating_regions.set([region("330100"), region("330200")] if extracted is None else extracted)


class ItemFactory(DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    region = factory.LazyFunction(lambda: region("330106"))
    title = factory.Sequence(lambda n: f"清单条目{n}")

    class Meta:
        abstract = True


class WorkItemFactory(ItemFactory):
    class Meta:
        model = WorkItem

    listed_on = factory.LazyAttribute(lambda o: o.campaign.start_date)


class ProblemItemFactory(ItemFactory):
    class Meta:
        model = ProblemItem
        skip_postgeneration_save = True

    work_item = factory.LazyAttribute(lambda o: WorkItemFactory(campaign=o.campaign, region=o.region))

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if create and extracted:
            self.deputies.set(extracted)


class SuggestionItemFactory(ItemFactory):
    class Meta:
        model = SuggestionItem
        skip_postgeneration_save = True

    listed_on = factory.LazyAttribute(lambda o: o.campaign.start_date)

    @factory.post_generation
    def problems(self, create, extracted, **kwargs):
        if create and extracted:
            for problem in extracted:
                SuggestionProblem.objects.create(suggestion=self, problem=problem)


class ResultItemFactory(ItemFactory):
    class Meta:
        model = ResultItem

    suggestion = factory.LazyAttribute(lambda o: SuggestionItemFactory(campaign=o.campaign, region=o.region))


class CampaignActivityFactory(DjangoModelFactory):
    class Meta:
        model = CampaignActivity
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    region = factory.LazyFunction(lambda: region("330106"))
    title = factory.Sequence(lambda n: f"营商环境体验活动{n}")
    activity_type = ActivityType.EXPERIENCE
    held_on = datetime.date(2024, 5, 20)
    person_times = 10
    problems_reported = 3

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if create and extracted:
            self.deputies.set(extracted)


class LeadershipInstructionFactory(DjangoModelFactory):
    class Meta:
        model = LeadershipInstruction

    campaign = factory.SubFactory(CampaignFactory)
    region = factory.LazyAttribute(lambda o: o.campaign.region)
    leader_name = "王书记"
    instructed_on = datetime.date(2024, 9, 1)
    text = "成效明显，请继续深化。"


def chain(campaign=None, code: str = "330106"):
    """A full chain work -> problem -> suggestion -> result in one campaign and region."""
    campaign = campaign or CampaignFactory()
    r = region(code)
    work = WorkItemFactory(campaign=campaign, region=r, title="优化营商环境专项工作")
    problem = ProblemItemFactory(campaign=campaign, region=r, work_item=work, title="企业开办审批环节多")
    suggestion = SuggestionItemFactory(campaign=campaign, region=r, problems=[problem], title="关于压缩审批环节的建议")
    result = ResultItemFactory(campaign=campaign, region=r, suggestion=suggestion, title="审批时限压缩至1个工作日")
    return work, problem, suggestion, result
