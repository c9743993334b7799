"""factory_boy factories for personnel records; workflow states are reached through the services."""

import datetime

import factory
from factory.django import DjangoModelFactory

from deputies.models import Congress
from personnel.choices import MemberPosition, NominatingBody
from personnel.models import AppointmentCase, CommitteeMember, DutyReport, ReviewPlan, StandingCommitteeSession
from tests.factories import region


def congress_for(code: str) -> Congress:
    """The current congress of a region (浙江省第十四届人民代表大会 ...)."""
    r = region(code)
    level = {"province": "provincial", "city": "city", "county": "county"}[r.level]
    congress, _ = Congress.objects.get_or_create(
        region=r, level=level, term_number=14, defaults={"name": f"{r.name}第十四届人民代表大会"}
    )
    return congress


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = StandingCommitteeSession

    congress = factory.LazyFunction(lambda: congress_for("330000"))
    number = factory.Sequence(lambda n: n + 1)
    held_on = datetime.date(2026, 3, 26)


class CommitteeMemberFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    congress = factory.LazyFunction(lambda: congress_for("330000"))
    name = factory.Faker("name", locale="zh_CN")
    position = MemberPosition.MEMBER


class AppointmentCaseFactory(DjangoModelFactory):
    class Meta:
        model = AppointmentCase

    congress = factory.LazyFunction(lambda: congress_for("330000"))
    nominee_name = factory.Faker("name", locale="zh_CN")
    nominee_gender = "male"
    nominee_current_post = "省发展和改革委员会副主任"
    post = factory.Sequence(lambda n: f"浙江省第{n}厅厅长")
    nominating_body = NominatingBody.GOVERNMENT
    submitted_on = datetime.date(2026, 3, 10)


class DutyReportFactory(DjangoModelFactory):
    class Meta:
        model = DutyReport

    congress = factory.LazyFunction(lambda: congress_for("330000"))
    year = 2026
    person_name = factory.Faker("name", locale="zh_CN")
    post = factory.Sequence(lambda n: f"浙江省第{n}厅厅长")
    special_committee = "财政经济委员会"


class ReviewPlanFactory(DjangoModelFactory):
    class Meta:
        model = ReviewPlan

    congress = factory.LazyFunction(lambda: congress_for("330000"))
    year = 2026
    title = factory.Sequence(lambda n: f"2026年度政府组成部门负责人履职评议（{n}）")
