"""Pages found by id first (core.pagination.IdsFirstPaginator) hold exactly what one query would."""

import datetime

from django.core.paginator import Paginator

from core.pagination import IdsFirstPaginator
from liaison_stations.models import Reception
from tests.factories import region
from tests.liaison_stations.factories import (
    IndicatorSetFactory,
    ReceptionFactory,
    StationEvaluationFactory,
    StationFactory,
)


def _receptions(count: int) -> None:
    # Three to a day: the pages must break ties between equal dates the same way every time.
    station = StationFactory()
    for i in range(count):
        ReceptionFactory(station=station, date=datetime.date(2026, 3, 1) + datetime.timedelta(days=i // 3))


def test_api_pages_list_every_visible_row_once_in_order(api_login, county_user):
    _receptions(8)
    ReceptionFactory(station=StationFactory(region=region("330212001")))  # another city's
    client = api_login(county_user)
    seen, url = [], "/api/station-receptions/?page_size=3&ordering=-date"
    while url:
        body = client.get(url).json()
        seen += [(row["date"], row["id"]) for row in body["results"]]
        url = body["next"]
    expected = list(Reception.objects.visible_to(county_user).order_by("-date", "-pk").values_list("date", "pk"))
    assert body["count"] == 8
    assert seen == [(d.isoformat(), pk) for d, pk in expected]


def test_web_list_pages_match_a_plain_paginator(login, county_user, db):
    _receptions(30)
    client = login(county_user)
    first = client.get("/stations/receptions/").context["page_obj"]
    second = client.get("/stations/receptions/?page=2").context["page_obj"]
    expected = Paginator(Reception.objects.visible_to(county_user).order_by("-date", "-pk"), 25)
    assert [r.pk for r in first] == [r.pk for r in expected.page(1)]
    assert [r.pk for r in second] == [r.pk for r in expected.page(2)]


def test_distinct_querysets_are_paged_as_before(county_user):
    _receptions(5)
    queryset = Reception.objects.visible_to(county_user).order_by("-date", "-pk").distinct()
    assert [r.pk for r in IdsFirstPaginator(queryset, 2).page(2)] == [r.pk for r in Paginator(queryset, 2).page(2)]


def test_ranks_on_a_later_page_continue_from_the_earlier_pages(api_login, county_user):
    # A rank is a window over every row: a page found by id must not rank its own rows only.
    indicator_set = IndicatorSetFactory()
    for score in (95, 90, 85, 80, 75):
        StationEvaluationFactory(indicator_set=indicator_set, review_total=score)
    body = api_login(county_user).get("/api/station-evaluations/?page_size=2&page=2").json()
    assert [(row["review_total"], row["rank"]) for row in body["results"]] == [("85.00", 3), ("80.00", 4)]
