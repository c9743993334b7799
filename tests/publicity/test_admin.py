import pytest
from django.urls import reverse

from publicity.models import Brand, KeyDate
from tests.factories import region

from .factories import BrandFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_only_the_users_jurisdiction(client, city_user):
    PostFactory(in_review=True, title="西湖区稿件")
    PostFactory(in_review=True, title="鄞州区稿件", region=region("330212"))
    client.force_login(city_user)
    page = client.get(reverse("admin:publicity_post_changelist")).content.decode()
    assert "西湖区稿件" in page
    assert "鄞州区稿件" not in page


def test_admin_post_is_read_only(client, city_user):
    post = PostFactory(in_review=True)
    client.force_login(city_user)
    page = client.get(reverse("admin:publicity_post_change", args=[post.pk])).content.decode()
    assert 'name="title"' not in page
    assert client.get(reverse("admin:publicity_post_add")).status_code == 403


def test_admin_creates_brands_and_key_dates_through_services(client, city_user):
    client.force_login(city_user)
    response = client.post(
        reverse("admin:publicity_brand_add"),
        {
            "name": "代表议事厅",
            "kind": "local_experience",
            "region": region("330100").pk,
            "year": 2026,
            "description": "",
            "publications-TOTAL_FORMS": 0,
            "publications-INITIAL_FORMS": 0,
            "instructions-TOTAL_FORMS": 0,
            "instructions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Brand.objects.get().name == "代表议事厅"
    response = client.post(
        reverse("admin:publicity_keydate_add"),
        {"date": "2026-03-05", "title": "全国两会", "kind": "session", "region": region("330100").pk},
    )
    assert response.status_code == 302
    assert KeyDate.objects.get().title == "全国两会"
    brand = BrandFactory(region=region("330212"), name="鄞州经验")
    assert client.get(reverse("admin:publicity_brand_change", args=[brand.pk])).status_code in (302, 404)
