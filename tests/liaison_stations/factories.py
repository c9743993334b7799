"""Factories for liaison-station records (and the few deputy records they point to)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from deputies.models import Congress, Deputy, Person
from liaison_stations.choices import ConsultingBody, OpinionCategory, OpinionStatus, ProblemCategory
from liaison_stations.models import (
    Consultation,
    EvaluationIndicator,
    EvaluationIndicatorSet,
    Inspection,
    InspectionProblem,
    OpinionItem,
    Reception,
    Solicitation,
    Station,
    StationEvaluation,
)
from tests.factories import region


class CongressFactory(DjangoModelFactory):
    class Meta:
        model = Congress
        django_get_or_create = ("region", "level", "term_number")

    region = factory.LazyFunction(lambda: region("330106"))
    level = "county"
    term_number = 17
    name = "杭州市西湖区第十七届人民代表大会"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"代表{n}")
    gender = "male"


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy

    person = factory.SubFactory(PersonFactory)
    congress = factory.SubFactory(CongressFactory)
    level = "county"
    region = factory.LazyFunction(lambda: region("330106"))


class StationFactory(DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"第{n}代表联络站")
    region = factory.LazyFunction(lambda: region("330106004"))  # 西溪街道
    address = "文三路100号"
    opening_hours = "每周三 9:00-11:30"


class ReceptionFactory(DjangoModelFactory):
    class Meta:
        model = Reception

    station = factory.SubFactory(StationFactory)
    date = factory.LazyFunction(lambda: datetime.date(2026, 3, 4))
    visitor_count = 12
    topics = "老旧小区加装电梯"


class OpinionItemFactory(DjangoModelFactory):
    class Meta:
        model = OpinionItem

    station = factory.SubFactory(StationFactory)
    region = factory.SelfAttribute("station.region")
    title = factory.Sequence(lambda n: f"民情民意{n}")
    content = "小区门口路灯损坏已经一个月，夜间出行不便。"
    category = OpinionCategory.URBAN
    status = OpinionStatus.REGISTERED
    step_due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=3))


class ConsultationFactory(DjangoModelFactory):
    class Meta:
        model = Consultation

    station = factory.SubFactory(StationFactory)
    date = datetime.date(2026, 5, 6)
    body_kind = ConsultingBody.COURT
    body_name = "西湖区人民法院"
    topic = "诉源治理"


class SolicitationFactory(DjangoModelFactory):
    class Meta:
        model = Solicitation

    region = factory.LazyFunction(lambda: region("330106"))
    title = factory.Sequence(lambda n: f"某某条例（草案）{n}")
    kind = "regulation"
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=5))
    end_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=20))


class IndicatorSetFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationIndicatorSet

    region = factory.LazyFunction(lambda: region("330106"))
    year = 2026
    name = "2026年度联络站评价指标"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = EvaluationIndicator

    indicator_set = factory.SubFactory(IndicatorSetFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    weight = 50


class StationEvaluationFactory(DjangoModelFactory):
    class Meta:
        model = StationEvaluation

    station = factory.SubFactory(StationFactory)
    indicator_set = factory.SubFactory(IndicatorSetFactory)
    quarter = 1


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = Inspection

    region = factory.LazyFunction(lambda: region("330106"))
    title = "联络站运行情况专项督查"
    date = datetime.date(2026, 4, 1)


class InspectionProblemFactory(DjangoModelFactory):
    class Meta:
        model = InspectionProblem

    inspection = factory.SubFactory(InspectionFactory)
    station = factory.SubFactory(StationFactory)
    category = ProblemCategory.FACILITY
    description = "接待室标识不清"
    owner = "西溪街道人大工委"
    deadline = datetime.date(2026, 5, 1)
