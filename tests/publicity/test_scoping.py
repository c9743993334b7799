import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from publicity import services
from publicity.models import Brand, Post
from tests.factories import region

from .factories import BrandFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hangzhou_post():
    return PostFactory(in_review=True, region=region("330106"), title="西湖区代表风采")


def test_other_city_sees_nothing_in_list_detail_or_api(login, api_login, other_county_user, hangzhou_post):
    client = login(other_county_user)
    assert "西湖区代表风采" not in client.get(reverse("publicity:post_list")).content.decode()
    assert client.get(reverse("publicity:post_detail", args=[hangzhou_post.pk])).status_code == 404
    api = api_login(other_county_user)
    assert api.get("/api/publicity/posts/").json()["count"] == 0
    assert api.get(f"/api/publicity/posts/{hangzhou_post.pk}/").status_code == 404


def test_city_staff_see_their_counties_posts(city_user, province_user, other_county_user, hangzhou_post):
    assert Post.objects.visible_to(city_user).filter(pk=hangzhou_post.pk).exists()
    assert Post.objects.visible_to(province_user).filter(pk=hangzhou_post.pk).exists()
    assert not Post.objects.visible_to(other_county_user).exists()


def test_cannot_file_a_post_in_another_region(county_user):
    with pytest.raises(PermissionDenied):
        services.post_create(actor=county_user, region=region("330212"), title="越权", theme="duty")


def test_brands_are_scoped(login, other_county_user, city_user):
    brand = BrandFactory(region=region("330100"), name="杭州民情直通车")
    assert "杭州民情直通车" not in login(other_county_user).get(reverse("publicity:brand_list")).content.decode()
    assert login(other_county_user).get(brand.get_absolute_url()).status_code == 404
    assert Brand.objects.visible_to(city_user).filter(pk=brand.pk).exists()


def test_deputies_have_no_publicity_pages(login, user_factory):
    deputy_user = user_factory(role="deputy", username="dep1")
    assert login(deputy_user).get(reverse("publicity:post_list")).status_code == 403
