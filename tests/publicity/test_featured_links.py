"""A post features stations and campaigns of its author's jurisdiction, and links to them."""

import pytest

from core.exceptions import ApplicationError
from publicity import services
from tests.campaigns.factories import CampaignFactory
from tests.factories import region
from tests.liaison_stations.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_a_post_features_a_station_and_a_campaign(client, county_user):
    station = StationFactory()  # 西溪街道, 西湖区
    campaign = CampaignFactory()
    post = services.post_create(
        actor=county_user,
        region=county_user.region,
        title="联络站里的民生事",
        theme="station",
        featured_stations=[station],
        featured_campaigns=[campaign],
    )
    assert list(post.featured_stations.all()) == [station] and list(post.featured_campaigns.all()) == [campaign]
    client.force_login(county_user)
    page = client.get(post.get_absolute_url()).content.decode()
    assert station.get_absolute_url() in page and campaign.get_absolute_url() in page


def test_stations_outside_the_jurisdiction_cannot_be_featured(other_county_user):
    station = StationFactory()  # in 西湖区, not 鄞州区
    with pytest.raises(ApplicationError):
        services.post_create(
            actor=other_county_user,
            region=region("330212"),
            title="稿件",
            theme="station",
            featured_stations=[station],
        )
