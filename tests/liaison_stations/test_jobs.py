"""Excel exports: every list exports what its filters select, as a background job."""

import io

import openpyxl
import pytest

from core.jobs import job_handler
from core.models import Job
from liaison_stations import services
from tests.factories import region

from .factories import (
    ConsultationFactory,
    InspectionProblemFactory,
    OpinionItemFactory,
    ReceptionFactory,
    StationFactory,
)


def _run(kind: str, owner, filters: dict) -> list[tuple]:
    job = Job.objects.create(kind=kind, title="t", owner=owner, params={"filters": filters})
    outcome = job_handler(kind)(job, lambda percent: None)
    sheet = openpyxl.load_workbook(io.BytesIO(outcome.file_content)).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize(
    ("kind", "make", "filters", "expected"),
    [
        (
            "liaison_stations.stations",
            lambda: (StationFactory(name="西溪站"), StationFactory(name="翠苑站", region=region("330106005"))),
            {"region": []},
            2,
        ),
        ("liaison_stations.receptions", lambda: (ReceptionFactory(), ReceptionFactory()), {}, 2),
        (
            "liaison_stations.opinions",
            lambda: (OpinionItemFactory(), OpinionItemFactory(category="health")),
            {"category": ["health"]},
            1,
        ),
        (
            "liaison_stations.consultations",
            lambda: (ConsultationFactory(), ConsultationFactory(body_kind="government")),
            {"body_kind": ["court"]},
            1,
        ),
        (
            "liaison_stations.problems",
            lambda: (InspectionProblemFactory(), InspectionProblemFactory(status="rectified")),
            {"status": ["open"]},
            1,
        ),
    ],
)
def test_exports_follow_the_list_filters(county_user, other_county_user, kind, make, filters, expected):
    make()
    assert len(_run(kind, county_user, filters)) == expected
    assert _run(kind, other_county_user, filters) == []  # an export never leaves the jurisdiction


def test_evaluation_export_carries_the_rank(city_user):
    indicator_set = services.indicator_set_create(
        actor=city_user,
        region=region("330100"),
        year=2026,
        name="x",
        indicators=[{"name": "a", "weight": 100}],
    )
    (indicator,) = indicator_set.indicators.all()
    for name, score in (("甲站", 70), ("乙站", 90)):
        services.evaluation_self_score(
            actor=city_user, station=StationFactory(name=name), year=2026, quarter=1, scores={indicator.pk: score}
        )
    rows = _run("liaison_stations.evaluations", city_user, {"year": ["2026"]})
    assert [(r[0], r[3]) for r in rows] == [(1, "乙站"), (2, "甲站")]
