"""Factories and service-driven builders for the proposals tests."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.choices import Role
from deputies.choices import DeputyLevel, Gender
from deputies.models import Congress, Deputy, Person
from proposals import services
from proposals.choices import ContactWay, ProposalCategory, ProposalKind, ReplyClass
from proposals.models import HandlingUnit, HandlingUnitMembership, Session
from tests.factories import UserFactory, region


class CongressFactory(DjangoModelFactory):
    class Meta:
        model = Congress
        django_get_or_create = ("region", "level", "term_number")

    region = factory.LazyFunction(lambda: region("330000"))
    level = DeputyLevel.PROVINCIAL
    term_number = 14
    name = factory.LazyAttribute(lambda o: f"{o.region.name}第{o.term_number}届人民代表大会")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="zh_CN")
    gender = Gender.FEMALE


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    person = factory.SubFactory(PersonFactory)
    congress = factory.SubFactory(CongressFactory)
    level = factory.LazyAttribute(lambda o: o.congress.level)
    region = factory.LazyAttribute(lambda o: o.congress.region)


def deputy_user(congress=None, **kwargs):
    """A deputy account with one mandate in ``congress`` (the provincial congress by default)."""
    user = UserFactory(role=Role.DEPUTY, region=None, is_staff=False, **kwargs)
    congress = congress or CongressFactory()
    DeputyFactory(person=PersonFactory(user=user, name=user.full_name or user.username), congress=congress)
    return user


def mandate(user, congress=None):
    qs = Deputy.objects.filter(person__user=user)
    return qs.get(congress=congress) if congress else qs.get()


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    congress = factory.SubFactory(CongressFactory)
    name = factory.Sequence(lambda n: f"省十四届人大{n + 1}次会议")
    sequence = factory.Sequence(lambda n: n + 1)
    min_motion_cosigners = 2


class HandlingUnitFactory(DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    region = factory.LazyFunction(lambda: region("330000"))
    name = factory.Sequence(lambda n: f"浙江省第{n + 1}厅")


def unit_user(unit, **kwargs):
    user = UserFactory(role=Role.UNIT_STAFF, region=None, is_staff=False, **kwargs)
    HandlingUnitMembership.objects.create(unit=unit, user=user)
    return user


def draft(session, user, *, kind=ProposalKind.SESSION_SUGGESTION, title="关于加强农村养老服务的建议", **kwargs):
    return services.proposal_create_draft(
        actor=user,
        session=session,
        kind=kind,
        title=title,
        body=kwargs.pop("body", "建议内容。"),
        category=kwargs.pop("category", ProposalCategory.SOCIAL),
        **kwargs,
    )


def registered(session, user, staff, **kwargs):
    proposal = draft(session, user, **kwargs)
    services.proposal_submit(actor=user, proposal=proposal)
    return services.proposal_register(actor=staff, proposal=proposal)


def in_handling(session, user, staff, unit, unit_staff, co_units=(), **kwargs):
    proposal = registered(session, user, staff, **kwargs)
    services.proposal_assign(actor=staff, proposal=proposal, lead_unit=unit, co_units=co_units)
    lead = proposal.assignments.get(unit=unit, active=True)
    services.assignment_sign(actor=unit_staff, assignment=lead)
    return proposal


def replied(session, user, staff, unit, unit_staff, classification=ReplyClass.A, **kwargs):
    proposal = in_handling(session, user, staff, unit, unit_staff, **kwargs)
    lead = proposal.assignments.get(unit=unit, active=True)
    services.contact_record(
        actor=unit_staff, assignment=lead, contacted_on=dt.date.today(), way=ContactWay.PHONE, content="电话沟通"
    )
    services.reply_submit(
        actor=unit_staff, proposal=proposal, text="答复内容", classification=classification, is_public=True
    )
    proposal.refresh_from_db()
    return proposal
