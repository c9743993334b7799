import re

import pytest
from django.urls import reverse

from publicity import services

from .factories import BrandFactory, KeyDateFactory, PostFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle=|<style", re.IGNORECASE)


def test_pages_have_no_inline_script_or_style(client, city_user, county_user):
    """The CSP forbids inline code: every publicity page, staff and public, does without it."""
    post = PostFactory(in_review=True)
    published = PostFactory(published=True, body='<p style="color:red">正文</p>')
    brand = BrandFactory()
    key_date = KeyDateFactory()
    services.post_record_views(actor=city_user, post=published, date=published.planned_date, views=5)
    client.force_login(city_user)
    urls = [
        reverse("publicity:post_list"),
        reverse("publicity:post_create"),
        reverse("publicity:post_detail", args=[post.pk]),
        reverse("publicity:post_detail", args=[published.pk]),
        reverse("publicity:post_update", args=[post.pk]),
        reverse("publicity:calendar"),
        reverse("publicity:stats"),
        reverse("publicity:keydate_list"),
        reverse("publicity:keydate_update", args=[key_date.pk]),
        reverse("publicity:brand_list"),
        reverse("publicity:brand_detail", args=[brand.pk]),
        reverse("publicity:views_import"),
        reverse("home"),
    ]
    public = [reverse("publicity:public_list"), published.get_public_url()]
    for url in urls:
        page = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(page), url
        assert not INLINE_STYLE.search(page), url
    client.logout()
    for url in public:
        response = client.get(url)
        assert response.status_code == 200
        assert not INLINE_SCRIPT.search(response.content.decode()), url
        assert not INLINE_STYLE.search(response.content.decode()), url
