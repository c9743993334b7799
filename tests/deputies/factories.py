"""Factories for the deputies app's tests."""

import datetime as dt
import itertools

import factory
from factory.django import DjangoModelFactory

from accounts.choices import Role
from deputies.choices import ContactKind, ContactWay, DeputyLevel, Gender, TrainingClass
from deputies.models import (
    Activity,
    Congress,
    Contact,
    Deputy,
    Group,
    GroupMembership,
    Person,
    TrainingAttendance,
    TrainingCourse,
)
from deputies.strokes import name_stroke_key
from deputies.validators import id_check_char, id_number_hash
from tests.factories import UserFactory, region

_serial = itertools.count(1)


def make_id_number(*, birth: dt.date = dt.date(1975, 6, 1), male: bool = True, area: str = "330106") -> str:
    """A valid resident ID number, different on every call."""
    seq = next(_serial) % 500
    order = seq * 2 + (1 if male else 0)
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


LEVEL_OF_REGION = {"province": DeputyLevel.PROVINCIAL, "city": DeputyLevel.CITY, "county": DeputyLevel.COUNTY}


def congress_for(code: str, level: str | None = None, term: int = 14) -> Congress:
    r = region(code)
    level = level or LEVEL_OF_REGION.get(r.level, DeputyLevel.TOWNSHIP)
    congress, _ = Congress.objects.get_or_create(
        region=r, level=level, term_number=term, defaults={"name": f"{r.name}第{term}届人民代表大会"}
    )
    return congress


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"{'王李张刘陈杨黄赵吴周'[n % 10]}代表{n}")
    gender = Gender.MALE
    birth_date = dt.date(1975, 6, 1)
    id_number = factory.LazyAttribute(lambda p: make_id_number(birth=p.birth_date, male=p.gender == Gender.MALE))
    id_number_hash = factory.LazyAttribute(lambda p: id_number_hash(p.id_number))
    mobile = factory.Sequence(lambda n: f"138{n:08d}")
    name_stroke_key = factory.LazyAttribute(lambda p: name_stroke_key(p.name))


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    class Params:
        code = "330106"

    person = factory.SubFactory(PersonFactory)
    congress = factory.LazyAttribute(lambda d: congress_for(d.code))
    level = factory.LazyAttribute(lambda d: d.congress.level)
    region = factory.LazyAttribute(lambda d: region(d.code))
    elected_on = dt.date(2022, 1, 10)


def roster_row(**overrides) -> dict:
    """One valid row of the roster import sheet (column header → cell), with ``overrides``."""
    values = {
        "姓名": "周杭",
        "性别": "男",
        "民族": "汉族",
        "出生日期": "1975-06-01",
        "身份证号码": make_id_number(birth=dt.date(1975, 6, 1)),
        "政治面貌": "中共党员",
        "学历": "大学本科",
        "职业": "工程师",
        "工作单位及职务": "西湖区某公司",
        "手机号码": "13800001234",
        "专业名片": "数字经济、科技创新",
        "所属人大": congress_for("330106").name,
        "所属行政区划代码": "330106",
        "选举单位": "西溪街道选区",
        "代表类别": "专业技术人员",
        "当选日期": "2021-12-20",
    }
    values.update(overrides)
    return values


def deputy_user(deputy: Deputy, username: str | None = None):
    user = UserFactory(role=Role.DEPUTY, region=None, is_staff=False, username=username or f"dep{deputy.pk}")
    deputy.person.user = user
    deputy.person.save(update_fields=["user"])
    return user


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group

    class Params:
        code = "330106"

    name = factory.Sequence(lambda n: f"第{n}代表小组")
    region = factory.LazyAttribute(lambda g: region(g.code))


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    deputy = factory.SubFactory(DeputyFactory)
    start_date = dt.date(2024, 1, 1)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    deputy = factory.SubFactory(DeputyFactory)
    kind = ContactKind.DEPUTY_RESIDENT
    counterpart = "社区居民"
    contacted_on = dt.date(2025, 3, 1)
    way = ContactWay.VISIT
    topic = "老旧小区加装电梯"


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    class Params:
        code = "330106"

    title = factory.Sequence(lambda n: f"代表履职培训第{n}期")
    training_class = TrainingClass.CAPACITY
    region = factory.LazyAttribute(lambda c: region(c.code))
    start_date = dt.date(2025, 4, 1)
    hours = 8


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = TrainingAttendance

    course = factory.SubFactory(CourseFactory)
    deputy = factory.SubFactory(DeputyFactory)
    hours = 8


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    class Params:
        code = "330106"

    title = factory.Sequence(lambda n: f"代表视察活动{n}")
    region = factory.LazyAttribute(lambda a: region(a.code))
    held_on = dt.date(2025, 5, 1)
