import pytest
from django.urls import reverse

from publicity.choices import PostStatus, Theme

from .factories import DeputyFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_published_post_is_public_without_login(client):
    post = PostFactory(published=True, title="王建国代表的一天", byline="西湖区人大")
    post.featured_deputies.add(DeputyFactory())
    response = client.get(post.get_public_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "王建国代表的一天" in page
    assert "王建国" in page
    assert response["Cache-Control"].startswith("public") or "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "status", [PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.RETURNED, PostStatus.APPROVED, PostStatus.SCHEDULED]
)
def test_unpublished_post_is_404_like_a_missing_one(client, status):
    kwargs = {"scheduled_at": "2030-01-01T08:00:00+08:00"} if status == PostStatus.SCHEDULED else {}
    post = PostFactory(status=status, **kwargs)
    unpublished = client.get(post.get_public_url())
    missing = client.get(reverse("publicity:public_post", args=["no-such-post-key"]))
    assert unpublished.status_code == missing.status_code == 404
    assert unpublished.content == missing.content
    assert post.title not in client.get(reverse("publicity:public_list")).content.decode()


def test_public_post_is_not_reachable_by_id(client):
    post = PostFactory(published=True)
    assert client.get(reverse("publicity:public_post", args=[str(post.pk)])).status_code == 404


def test_unpublishing_takes_the_post_off_at_once(client):
    post = PostFactory(published=True)
    assert client.get(post.get_public_url()).status_code == 200
    post.status, post.published_at = PostStatus.APPROVED, None
    post.save()
    assert client.get(post.get_public_url()).status_code == 404


def test_public_list_filters_by_theme(client):
    PostFactory(published=True, theme=Theme.VOICE, title="为民代言之一")
    PostFactory(published=True, theme=Theme.STATION, title="站点故事之一")
    page = client.get(reverse("publicity:public_list"), {"theme": Theme.VOICE}).content.decode()
    assert "为民代言之一" in page
    assert "站点故事之一" not in page
    everything = client.get(reverse("publicity:public_list"), {"theme": "<script>"}).content.decode()
    assert "为民代言之一" in everything and "站点故事之一" in everything


def test_public_pages_use_the_simple_header(client):
    PostFactory(published=True)
    page = client.get(reverse("publicity:public_list")).content.decode()
    assert 'name="viewport"' in page
    assert "portal-navbar" in page
    assert "退出登录" not in page


@pytest.mark.parametrize("count", [3, 30])
def test_public_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    PostFactory.create_batch(count, published=True)
    with django_assert_num_queries(2):  # count + one page
        response = client.get(reverse("publicity:public_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_public_post_query_count_does_not_grow_with_deputies(client, django_assert_num_queries, count):
    post = PostFactory(published=True)
    post.featured_deputies.set(DeputyFactory.create_batch(count))
    with django_assert_num_queries(2):  # the post + its deputies
        client.get(post.get_public_url())
