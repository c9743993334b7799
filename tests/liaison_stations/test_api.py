"""REST API: scoped lists with the shared filters, creation and transitions through services."""

import datetime

import pytest

from liaison_stations.choices import OpinionStatus
from liaison_stations.models import OpinionItem
from tests.factories import region

from .factories import (
    ConsultationFactory,
    DeputyFactory,
    InspectionProblemFactory,
    OpinionItemFactory,
    ReceptionFactory,
    StationFactory,
)


def test_station_api_lists_only_the_jurisdiction(api_login, county_user):
    StationFactory(name="西溪站")
    StationFactory(name="鄞州站", region=region("330212001"))
    response = api_login(county_user).get("/api/stations/")
    assert [row["name"] for row in response.json()["results"]] == ["西溪站"]


def test_station_api_creates_through_the_service(api_login, county_user, other_county_user):
    payload = {"name": "翠苑站", "kind": "station", "region": region("330106005").pk, "address": "翠苑一区"}
    assert api_login(county_user).post("/api/stations/", payload, format="json").status_code == 201
    refused = api_login(other_county_user).post("/api/stations/", {**payload, "name": "越权站"}, format="json")
    assert refused.status_code == 403


def test_opinion_api_filters_overdue_items(api_login, county_user):
    today = datetime.date.today()
    OpinionItemFactory(title="超期", step_due_date=today - datetime.timedelta(days=2))
    OpinionItemFactory(title="未超期", step_due_date=today + datetime.timedelta(days=10))
    rows = api_login(county_user).get("/api/opinion-items/", {"due": "overdue"}).json()["results"]
    assert [(r["title"], r["is_overdue"]) for r in rows] == [("超期", True)]


def test_opinion_api_transition_and_error_message(api_login, county_user):
    item = OpinionItemFactory()
    client = api_login(county_user)
    ok = client.post(f"/api/opinion-items/{item.pk}/transition/", {"action": "assign", "unit": "城管局"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == OpinionStatus.ASSIGNED

    again = client.post(f"/api/opinion-items/{item.pk}/transition/", {"action": "assign", "unit": "x"}, format="json")
    assert again.status_code == 400
    assert "不能交办" in again.json()["detail"]


def test_opinion_api_create_registers_the_item(api_login, county_user):
    station = StationFactory()
    response = api_login(county_user).post(
        "/api/opinion-items/",
        {"station": station.pk, "title": "噪音扰民", "content": "夜间施工噪音", "category": "environment"},
        format="json",
    )
    assert response.status_code == 201
    assert OpinionItem.objects.get().status == OpinionStatus.REGISTERED


def test_opinion_api_items_of_another_county_are_invisible(api_login, other_county_user):
    item = OpinionItemFactory()
    client = api_login(other_county_user)
    assert client.get("/api/opinion-items/").json()["count"] == 0
    assert client.get(f"/api/opinion-items/{item.pk}/").status_code == 404
    moved = client.post(f"/api/opinion-items/{item.pk}/transition/", {"action": "assign", "unit": "x"}, format="json")
    assert moved.status_code == 404


@pytest.mark.parametrize(
    ("url", "factory"),
    [
        ("/api/station-receptions/", ReceptionFactory),
        ("/api/station-consultations/", ConsultationFactory),
        ("/api/station-problems/", InspectionProblemFactory),
    ],
)
def test_child_record_apis_are_scoped_by_their_station(api_login, county_user, other_county_user, url, factory):
    factory()
    assert api_login(county_user).get(url).json()["count"] == 1
    assert api_login(other_county_user).get(url).json()["count"] == 0


@pytest.mark.parametrize(
    "url", ["/api/opinion-items/", "/api/station-receptions/", "/api/stations/", "/api/station-problems/"]
)
def test_api_list_query_count_does_not_grow_with_rows(api_login, county_user, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _ in range(n):
            station = StationFactory()
            station.deputies.add(DeputyFactory())
            ReceptionFactory(station=station).deputies.add(DeputyFactory())
            OpinionItemFactory(station=station, assigned_deputy=DeputyFactory())
            InspectionProblemFactory(station=station)

    client = api_login(county_user)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(1)
    few = count()
    add(5)
    assert count() == few
