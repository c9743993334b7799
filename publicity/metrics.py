"""Figures of deputy publicity: posts by theme and their views, brands."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from stats.metrics import Metric, register_area, register_metric

from .choices import PostStatus
from .models import Brand, BrandInstruction, Post, PostView

register_area("publicity", _("代表风采宣传"))

register_metric(
    Metric(
        key="posts_published",
        label=_("发布稿件"),
        area="publicity",
        queryset=lambda: Post.objects.filter(status=PostStatus.PUBLISHED),
        date_path="published_at",
        subgroup_path="theme",
    )
)
register_metric(
    Metric(
        key="post_views",
        label=_("阅读量"),
        area="publicity",
        queryset=lambda: PostView.objects.all(),
        region_path="post__region",
        date_path="date",
        value=lambda: Sum("views"),
    )
)
register_metric(
    Metric(
        key="brands",
        label=_("工作品牌与经验"),
        area="publicity",
        queryset=lambda: Brand.objects.all(),
        subgroup_path="kind",
    )
)
register_metric(
    Metric(
        key="brand_instructions",
        label=_("品牌经验获批示"),
        area="publicity",
        queryset=lambda: BrandInstruction.objects.all(),
        region_path="brand__region",
        date_path="date",
    )
)
