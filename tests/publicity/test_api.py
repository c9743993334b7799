from datetime import timedelta

import pytest
from django.utils import timezone

from publicity.models import Post
from tests.factories import region

from .factories import BrandFactory, DeputyFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_api_creates_a_sanitised_draft_and_runs_the_workflow(api_login, county_user, city_user):
    deputy = DeputyFactory()
    author = api_login(county_user)
    response = author.post(
        "/api/publicity/posts/",
        {
            "title": "API 稿件",
            "theme": "voice",
            "region": region("330106").pk,
            "body": '<p onclick="x()">正文</p><script>bad()</script>',
            "featured_deputies": [deputy.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    post_id = response.json()["id"]
    assert response.json()["body"] == "<p>正文</p>"
    assert response.json()["featured_deputies"] == [{"id": deputy.pk, "name": deputy.person.name}]
    assert author.post(f"/api/publicity/posts/{post_id}/submit/", {}, format="json").status_code == 200
    assert author.post(f"/api/publicity/posts/{post_id}/approve/", {}, format="json").status_code == 403

    editor = api_login(city_user)
    assert editor.post(f"/api/publicity/posts/{post_id}/return/", {"note": ""}, format="json").status_code == 400
    assert editor.post(f"/api/publicity/posts/{post_id}/approve/", {"note": "好"}, format="json").status_code == 200
    publish_at = (timezone.now() + timedelta(days=1)).isoformat()
    scheduled = editor.post(f"/api/publicity/posts/{post_id}/schedule/", {"publish_at": publish_at}, format="json")
    assert scheduled.json()["status"] == "scheduled"
    detail = editor.get(f"/api/publicity/posts/{post_id}/").json()
    assert [t["to_status"] for t in detail["transitions"]] == ["draft", "in_review", "approved", "scheduled"]
    assert detail["public_url"] is None


def test_api_refuses_deputies_outside_the_jurisdiction(api_login, county_user):
    far_deputy = DeputyFactory(region=region("330212"))
    response = api_login(county_user).post(
        "/api/publicity/posts/",
        {"title": "越权", "theme": "duty", "region": region("330106").pk, "featured_deputies": [far_deputy.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_api_filters_posts_by_theme_and_status(api_login, city_user):
    PostFactory(published=True, theme="voice")
    PostFactory(in_review=True, theme="voice")
    PostFactory(published=True, theme="duty")
    results = api_login(city_user).get("/api/publicity/posts/", {"theme": "voice", "status": "published"}).json()
    assert results["count"] == 1


def test_api_records_views_and_brand_publications(api_login, county_user, city_user):
    post = PostFactory(published=True)
    client = api_login(county_user)
    response = client.post(
        f"/api/publicity/posts/{post.pk}/views/", {"date": timezone.localdate().isoformat(), "views": 42}, format="json"
    )
    assert response.status_code == 201
    assert client.get(f"/api/publicity/posts/{post.pk}/").json()["view_total"] == 42
    brand = BrandFactory()
    editor = api_login(city_user)
    response = editor.post(
        f"/api/publicity/brands/{brand.pk}/publications/",
        {"outlet": "《联络动态》", "outlet_level": "national", "kind": "published", "date": "2026-04-01"},
        format="json",
    )
    assert response.status_code == 201
    assert editor.get(f"/api/publicity/brands/{brand.pk}/").json()["publications"][0]["outlet"] == "《联络动态》"
