"""A reception keeps the region its station had when it was recorded."""

import datetime

from liaison_stations import services
from liaison_stations.models import Reception
from tests.factories import region

from .factories import ReceptionFactory, StationFactory


def test_a_recorded_reception_carries_its_stations_region(county_user):
    station = StationFactory(region=region("330106005"))
    reception = services.reception_create(
        actor=county_user, station=station, date=datetime.date(2026, 3, 2), visitor_count=3
    )
    assert Reception.objects.get(pk=reception.pk).region == region("330106005")


def test_a_station_moved_away_leaves_its_past_receptions_where_they_happened(county_user, other_county_user):
    station = StationFactory(region=region("330106005"))
    past = ReceptionFactory(station=station)
    station.region = region("330212001")
    station.save()
    assert Reception.objects.visible_to(county_user).filter(pk=past.pk).exists()
    assert not Reception.objects.visible_to(other_county_user).filter(pk=past.pk).exists()
    later = ReceptionFactory(station=station)
    assert Reception.objects.visible_to(other_county_user).filter(pk=later.pk).exists()


def test_a_reception_put_on_another_station_follows_it(county_user, other_county_user):
    reception = ReceptionFactory(station=StationFactory(region=region("330106005")))
    reception.station = StationFactory(region=region("330212001"))
    reception.save()
    assert Reception.objects.visible_to(other_county_user).filter(pk=reception.pk).exists()
    assert not Reception.objects.visible_to(county_user).filter(pk=reception.pk).exists()


def test_the_region_filter_finds_a_reception_where_it_was_recorded(api_login, county_user):
    station = StationFactory(region=region("330106005"))
    past = ReceptionFactory(station=station)
    station.region = region("330212001")
    station.save()
    rows = api_login(county_user).get("/api/station-receptions/", {"region": region("330106").pk}).json()["results"]
    assert [row["id"] for row in rows] == [past.pk]
