import secrets
import uuid
from pathlib import PurePosixPath
from typing import ClassVar

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.models import RegionScopedModel, StatusEvent
from core.scoping import RegionScopedQuerySet

from .choices import (
    BrandKind,
    Channel,
    KeyDateKind,
    OutletLevel,
    PostStatus,
    PublicationKind,
    Theme,
)


def new_public_key() -> str:
    return secrets.token_urlsafe(12)


def _image_path(folder: str, filename: str) -> str:
    # Uploaded names are never kept: the stored name is random (unguessable)
    # and its extension comes from the sniffed format, set by the service.
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"publicity/{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def cover_upload_to(instance, filename: str) -> str:
    return _image_path("covers", filename)


def image_upload_to(instance, filename: str) -> str:
    return _image_path("images", filename)


class PostQuerySet(RegionScopedQuerySet):
    def visible_to(self, user):
        """The jurisdiction rule from core, and drafts stay private to their author.

        A draft is work in progress: colleagues and editors see a post once it
        is submitted for review. Superusers see everything.
        """
        visible = super().visible_to(user)
        if getattr(user, "is_superuser", False):
            return visible
        return visible.filter(~models.Q(status=PostStatus.DRAFT) | models.Q(author_id=user.pk))

    def published(self):
        return self.filter(status=PostStatus.PUBLISHED, published_at__isnull=False)


class KeyDate(RegionScopedModel):
    """A key date of the editorial plan (session, anniversary) with its themed series."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), related_name="publicity_key_dates", on_delete=models.PROTECT
    )
    date = models.DateField(_("日期"), db_index=True)
    title = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=KeyDateKind.choices, default=KeyDateKind.OTHER)
    series_title = models.CharField(_("专题系列"), max_length=100, blank=True)
    theme = models.CharField(_("宣传主题"), max_length=16, choices=Theme.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("宣传重要节点")
        verbose_name_plural = _("宣传重要节点")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "date", "title"], name="publicity_keydate_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        """Key dates of the offices above the user's (province sessions, anniversaries) frame their plan too."""
        if not roles.is_staff_role(user) or user.region_id is None:
            return None
        code = user.region.code
        return models.Q(region__code__in={f"{code[:2]}0000", f"{code[:4]}00"})


class Post(RegionScopedModel):
    """A deputy profile post (代表风采稿件) and where it stands in the editorial workflow."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), related_name="publicity_posts", on_delete=models.PROTECT
    )
    # Public pages address a post by this key, never by its id.
    public_key = models.CharField(_("公开编码"), max_length=24, unique=True, default=new_public_key, editable=False)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    # Stored already sanitised by the service (publicity.sanitize).
    body = models.TextField(_("正文"), blank=True)
    cover_image = models.ImageField(_("封面图"), upload_to=cover_upload_to, blank=True)
    theme = models.CharField(_("主题"), max_length=16, choices=Theme.choices, db_index=True)
    channel = models.CharField(_("发布渠道"), max_length=20, choices=Channel.choices, default=Channel.OFFICIAL_ACCOUNT)
    featured_deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("宣传代表"), related_name="publicity_posts", blank=True
    )
    featured_stations = models.ManyToManyField(
        "liaison_stations.Station", verbose_name=_("宣传站点"), related_name="publicity_posts", blank=True
    )
    featured_campaigns = models.ManyToManyField(
        "campaigns.Campaign", verbose_name=_("相关主题活动"), related_name="publicity_posts", blank=True
    )
    key_date = models.ForeignKey(
        KeyDate,
        verbose_name=_("重要节点"),
        related_name="posts",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撰稿人"),
        related_name="publicity_posts",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    byline = models.CharField(_("署名"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=PostStatus.choices, default=PostStatus.DRAFT, db_index=True
    )
    planned_date = models.DateField(_("计划发布日期"), null=True, blank=True, db_index=True)
    scheduled_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    external_url = models.URLField(_("外部链接"), blank=True)
    # The sum of every day's views (each up to the 32-bit limit of PostView.views): 64 bits.
    view_total = models.PositiveBigIntegerField(_("阅读量"), default=0)

    objects = PostQuerySet.as_manager()

    media_prefixes: ClassVar[dict[str, str]] = {"cover_image": "publicity/covers/"}

    class Meta:
        verbose_name = _("宣传稿件")
        verbose_name_plural = _("宣传稿件")
        ordering = ["-planned_date", "-pk"]
        indexes = [models.Index(fields=["status", "theme", "published_at"], name="publicity_post_public_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=PostStatus.PUBLISHED) | models.Q(published_at__isnull=False),
                name="publicity_post_published_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PostStatus.SCHEDULED) | models.Q(scheduled_at__isnull=False),
                name="publicity_post_scheduled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:post_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("publicity:public_post", args=[self.public_key])

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    @classmethod
    def can_read_media(cls, user, field_name: str, name: str) -> bool:
        """A published post's cover is public, like the post; any other only for those who see the post."""
        if cls.objects.published().filter(cover_image=name).exists():
            return True
        return user.is_authenticated and cls.objects.visible_to(user).filter(cover_image=name).exists()


class PostTransition(StatusEvent):
    """One step of a post's editorial workflow: who moved it, when, from what to what, and why.

    Written by ``core.workflow.move`` (and, for the draft's first line, by ``post_create``).
    """

    status_choices = PostStatus

    post = models.ForeignKey(Post, verbose_name=_("稿件"), related_name="transitions", on_delete=models.CASCADE)

    class Meta(StatusEvent.Meta):
        verbose_name = _("稿件流转记录")
        verbose_name_plural = _("稿件流转记录")

    def __str__(self) -> str:
        return f"{self.post_id}: {self.from_status} → {self.to_status}"


class PostView(RegionScopedModel):
    """Views of a post on one day, entered by hand or imported from the channel's statistics."""

    region_lookup = "post__region"

    post = models.ForeignKey(Post, verbose_name=_("稿件"), related_name="daily_views", on_delete=models.CASCADE)
    date = models.DateField(_("日期"))
    views = models.PositiveIntegerField(_("阅读量"))

    class Meta:
        verbose_name = _("每日阅读量")
        verbose_name_plural = _("每日阅读量")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["post", "date"], name="publicity_postview_one_per_day")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.date}: {self.views}"


class PostImage(RegionScopedModel):
    """An image uploaded from the editor for use in post bodies."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), related_name="+", on_delete=models.PROTECT)
    image = models.ImageField(_("图片"), upload_to=image_upload_to, width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("宽度"), default=0)
    height = models.PositiveIntegerField(_("高度"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), related_name="+", null=True, on_delete=models.SET_NULL
    )

    media_prefixes: ClassVar[dict[str, str]] = {"image": "publicity/images/"}

    class Meta:
        verbose_name = _("稿件图片")
        verbose_name_plural = _("稿件图片")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.image.name

    @classmethod
    def can_read_media(cls, user, field_name: str, name: str) -> bool:
        """Public once a published post's body shows it; before that, for those in its region."""
        if user.is_authenticated and cls.objects.visible_to(user).filter(image=name).exists():
            return True
        return Post.objects.published().filter(body__contains=default_storage.url(name)).exists()


class Brand(RegionScopedModel):
    """A provincial work brand (工作品牌) or a city/county work experience (工作经验)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), related_name="publicity_brands", on_delete=models.PROTECT
    )
    kind = models.CharField(_("类别"), max_length=20, choices=BrandKind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("工作品牌与经验")
        verbose_name_plural = _("工作品牌与经验")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="publicity_brand_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("publicity:brand_detail", args=[self.pk])


class BrandPublication(RegionScopedModel):
    """Where a brand or experience was published or endorsed (e.g. 《联络动态》)."""

    region_lookup = "brand__region"

    brand = models.ForeignKey(Brand, verbose_name=_("品牌经验"), related_name="publications", on_delete=models.CASCADE)
    kind = models.CharField(
        _("方式"), max_length=16, choices=PublicationKind.choices, default=PublicationKind.PUBLISHED
    )
    outlet = models.CharField(_("刊物或单位"), max_length=120)
    outlet_level = models.CharField(_("层级"), max_length=16, choices=OutletLevel.choices, default=OutletLevel.NATIONAL)
    issue = models.CharField(_("期号"), max_length=60, blank=True)
    date = models.DateField(_("日期"))
    url = models.URLField(_("链接"), blank=True)

    class Meta:
        verbose_name = _("刊发推广")
        verbose_name_plural = _("刊发推广")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.outlet} {self.issue}".strip()


class BrandInstruction(RegionScopedModel):
    """A leadership instruction (领导批示) on a brand or experience."""

    region_lookup = "brand__region"

    brand = models.ForeignKey(Brand, verbose_name=_("品牌经验"), related_name="instructions", on_delete=models.CASCADE)
    leader_name = models.CharField(_("批示领导"), max_length=64)
    leader_title = models.CharField(_("职务"), max_length=120, blank=True)
    date = models.DateField(_("批示日期"))
    content = models.TextField(_("批示内容"))

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.leader_name} {self.date:%Y-%m-%d}"
