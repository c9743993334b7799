import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.sections import render_sections
from publicity import services
from publicity.choices import PostStatus, Theme
from publicity.models import Post, PostImage
from tests.factories import region

from .factories import BrandFactory, DeputyFactory, KeyDateFactory, PostFactory, image_upload

pytestmark = pytest.mark.django_db


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _posts(n: int, **kwargs) -> None:
    for post in PostFactory.create_batch(n, in_review=True, **kwargs):
        post.featured_deputies.set([DeputyFactory(), DeputyFactory()])


def test_post_list_query_count_does_not_grow(login, city_user):
    client = login(city_user)
    url = reverse("publicity:post_list")
    _posts(3)
    few = _count_queries(client, url)
    _posts(27)
    assert _count_queries(client, url) == few


def test_api_list_query_count_does_not_grow(api_login, city_user):
    client = api_login(city_user)
    _posts(3)
    few = _count_queries(client, "/api/publicity/posts/")
    _posts(27)
    assert _count_queries(client, "/api/publicity/posts/") == few


def test_brand_list_query_count_does_not_grow(login, city_user):
    client = login(city_user)
    BrandFactory.create_batch(3)
    few = _count_queries(client, reverse("publicity:brand_list"))
    BrandFactory.create_batch(27)
    assert _count_queries(client, reverse("publicity:brand_list")) == few


def test_post_list_filters_by_theme_and_region(login, province_user):
    PostFactory(in_review=True, theme=Theme.VOICE, title="西湖为民代言", region=region("330106"))
    PostFactory(in_review=True, theme=Theme.VOICE, title="鄞州为民代言", region=region("330212"))
    PostFactory(in_review=True, theme=Theme.DUTY, title="西湖履职尽责", region=region("330106"))
    hangzhou = region("330100").pk
    page = login(province_user).get(reverse("publicity:post_list"), {"theme": "voice", "region": hangzhou})
    text = page.content.decode()
    assert "西湖为民代言" in text
    assert "鄞州为民代言" not in text
    assert "西湖履职尽责" not in text


def test_calendar_highlights_days_without_posts(login, city_user):
    PostFactory(in_review=True, planned_date=date(2026, 3, 2), title="三月二日稿件")
    PostFactory(published=True, published_at=timezone.make_aware(timezone.datetime(2026, 3, 3, 9)), title="已发")
    KeyDateFactory(date=date(2026, 3, 5), title="省人代会开幕", series_title="两会代表风采")
    response = login(city_user).get(reverse("publicity:calendar"), {"month": "2026-03"})
    page = response.content.decode()
    assert "三月二日稿件" in page and "已发" in page
    assert "省人代会开幕" in page and "两会代表风采" in page
    assert 'data-date="2026-03-02"' in page
    assert response.context["gap_count"] == 31 - 2
    gaps = {d.day for week in response.context["weeks"] for d in week if d.is_gap}
    assert date(2026, 3, 2) not in gaps and date(2026, 3, 3) not in gaps
    assert date(2026, 3, 4) in gaps and date(2026, 3, 5) in gaps  # a key date alone is not a post
    assert date(2026, 2, 28) not in gaps  # days outside the month are not counted


def test_home_section_lists_gaps_in_the_next_two_weeks(city_user):
    today = timezone.localdate()
    for offset in range(14):
        if offset != 3:
            PostFactory(in_review=True, planned_date=today + timedelta(days=offset))
    html = "".join(render_sections("home", user=city_user))
    assert "1 天没有安排稿件" in html
    assert f"{(today + timedelta(days=3)).month}月{(today + timedelta(days=3)).day}日" in html


def test_deputy_record_section_lists_published_posts_featuring_the_deputy(city_user):
    deputy = DeputyFactory()
    published = PostFactory(published=True, title="代表履职记")
    published.featured_deputies.add(deputy)
    PostFactory(in_review=True, title="未发布稿件").featured_deputies.add(deputy)
    html = "".join(render_sections("deputy_record", user=city_user, deputy=deputy))
    assert "代表履职记" in html
    assert "未发布稿件" not in html


def test_create_post_through_the_editor(login, county_user):
    deputy = DeputyFactory()
    response = login(county_user).post(
        reverse("publicity:post_create"),
        {
            "title": "联络站里的民生账",
            "theme": Theme.STATION,
            "region": region("330106").pk,
            "channel": "official_account",
            "body": '<p>正文</p><script>alert("x")</script>',
            "featured_deputies": [deputy.pk],
            "cover_image": image_upload("cover.png"),
        },
    )
    post = Post.objects.get(title="联络站里的民生账")
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.body == "<p>正文</p>"
    assert post.author == county_user
    assert list(post.featured_deputies.all()) == [deputy]
    assert post.cover_image.name.endswith(".png")


def test_cover_that_is_not_an_image_is_refused(login, county_user):
    fake = image_upload("cover.png")
    fake.file.seek(0)
    fake.file.write(b"<?php echo 'not an image'; ?>")
    fake.file.truncate()
    response = login(county_user).post(
        reverse("publicity:post_create"),
        {"title": "假图片", "theme": "duty", "region": region("330106").pk, "channel": "website", "cover_image": fake},
    )
    assert response.status_code == 200
    assert not Post.objects.filter(title="假图片").exists()


def test_editor_image_upload_returns_the_media_url(login, county_user):
    response = login(county_user).post(reverse("publicity:image_upload"), {"image": image_upload("x.gif")})
    assert response.status_code == 201
    url = response.json()["url"]
    assert url.startswith("/media/publicity/images/") and url.endswith(".png")  # type from content, not name
    assert PostImage.objects.get().width == 40
    # An uploaded image survives sanitising; an outside one does not.
    post = services.post_create(
        actor=county_user,
        region=region("330106"),
        title="图文",
        theme="duty",
        body=f'<img src="{url}" alt=""><img src="https://other.example/a.png">',
    )
    assert url in post.body
    assert "other.example" not in post.body


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: image_upload("a.png", size=(7000, 10)), id="too-wide"),
        pytest.param(
            lambda: __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', content_type="image/svg+xml"
            ),
            id="svg",
        ),
        pytest.param(
            lambda: __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "a.jpg", b"MZ\x90\x00 not really a jpeg", content_type="image/jpeg"
            ),
            id="fake-jpeg",
        ),
    ],
)
def test_editor_image_upload_refuses_bad_files(login, county_user, upload):
    response = login(county_user).post(reverse("publicity:image_upload"), {"image": upload()})
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PostImage.objects.exists()


def test_record_daily_views_updates_totals(login, county_user, city_user):
    post = PostFactory(published=True, region=region("330106"), theme=Theme.VOICE)
    client = login(county_user)
    yesterday = timezone.localdate() - timedelta(days=1)
    client.post(reverse("publicity:post_views_record", args=[post.pk]), {"date": yesterday, "views": 1200})
    client.post(reverse("publicity:post_views_record", args=[post.pk]), {"date": timezone.localdate(), "views": 300})
    client.post(reverse("publicity:post_views_record", args=[post.pk]), {"date": yesterday, "views": 1000})  # fix
    post.refresh_from_db()
    assert post.view_total == 1300
    stats = login(city_user).get(reverse("publicity:stats"), {"year": timezone.localdate().year})
    voice = next(r for r in stats.context["by_theme"] if r["theme"] == Theme.VOICE)
    assert voice == {"theme": "voice", "label": Theme.VOICE.label, "posts": 1, "views": 1300}
    assert stats.context["totals"]["views"] == 1300
    assert re.search(r'data-testid="total-views">1,?300<', stats.content.decode())


def test_brand_detail_records_publications_and_instructions(login, city_user):
    brand = BrandFactory()
    client = login(city_user)
    client.post(
        reverse("publicity:brand_record_add", args=[brand.pk, "publication"]),
        {
            "outlet": "《联络动态》",
            "outlet_level": "national",
            "kind": "published",
            "issue": "2026年第5期",
            "date": "2026-05-10",
        },
    )
    client.post(
        reverse("publicity:brand_record_add", args=[brand.pk, "instruction"]),
        {
            "leader_name": "张某某",
            "leader_title": "省人大常委会副主任",
            "date": "2026-06-01",
            "content": "经验很好，值得推广。",
        },
    )
    page = client.get(brand.get_absolute_url()).content.decode()
    assert "《联络动态》" in page and "2026年第5期" in page
    assert "经验很好，值得推广。" in page
    listing = client.get(reverse("publicity:brand_list"), {"national": "true"}).content.decode()
    assert brand.name in listing


def test_staff_pages_render(login, city_user):
    client = login(city_user)
    PostFactory(in_review=True)
    KeyDateFactory()
    for name in ("post_list", "post_create", "calendar", "stats", "keydate_list", "keydate_create", "brand_list"):
        assert client.get(reverse(f"publicity:{name}")).status_code == 200, name


def test_post_edit_page_for_author_of_returned_post(login, draft, county_user, city_user):
    services.post_submit_for_review(actor=county_user, post=draft)
    services.post_return(actor=city_user, post=draft, comments="再改改")
    client = login(county_user)
    url = reverse("publicity:post_update", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "改好的标题",
            "theme": "station",
            "region": region("330106").pk,
            "channel": "official_account",
            "body": "<p>改好了</p>",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "改好的标题"
    assert draft.status == PostStatus.RETURNED


def test_export_button_starts_a_job(login, city_user):
    response = login(city_user).post(reverse("publicity:post_list") + "?theme=duty", {"export": "xlsx"})
    assert response.status_code == 302
    assert "/jobs/" in response["Location"]
