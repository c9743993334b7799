import io
import random

import pytest

from accounts import demo as accounts_demo
from core.demo import DemoContext
from publicity import demo
from publicity.choices import PostStatus, Theme
from publicity.models import Brand, BrandPublication, KeyDate, Post, PostView

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_year_across_themes_and_is_idempotent():
    ctx = DemoContext(rng=random.Random(7), size="small", stdout=io.StringIO())
    ctx.shared["password"] = "Demo-Portal-2026!"
    accounts_demo.seed(ctx)
    demo.seed(ctx)
    posts = Post.objects.count()
    assert posts >= 100
    published = Post.objects.filter(status=PostStatus.PUBLISHED)
    assert set(published.values_list("theme", flat=True)) == set(Theme.values)
    assert published.filter(view_total__gt=0).count() == published.count()
    assert PostView.objects.exists() and KeyDate.objects.exists()
    assert Brand.objects.filter(kind="provincial_brand").count() == 5
    assert BrandPublication.objects.filter(outlet="《联络动态》").exists()
    demo.seed(ctx)
    assert Post.objects.count() == posts
