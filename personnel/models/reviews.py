from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel, StatusEvent

from ..choices import RectificationStatus, ReviewPlanStatus


class ReviewPlan(RegionScopedModel):
    """A yearly plan to review the performance of government department heads (履职评议)."""

    region_lookup = "congress__region"

    congress = models.ForeignKey(
        "deputies.Congress", verbose_name=_("人民代表大会"), related_name="review_plans", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("评议计划"), max_length=200)
    survey_deadline = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    notes = models.TextField(_("工作安排"), blank=True)
    status = models.CharField(
        _("状态"), max_length=32, choices=ReviewPlanStatus.choices, default=ReviewPlanStatus.DRAFT, db_index=True
    )

    class Meta:
        verbose_name = _("履职评议计划")
        verbose_name_plural = _("履职评议计划")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("personnel:plan_detail", args=[self.pk])


class ReviewPlanEvent(StatusEvent):
    """History of a review plan."""

    status_choices = ReviewPlanStatus

    plan = models.ForeignKey(ReviewPlan, verbose_name=_("评议计划"), related_name="events", on_delete=models.CASCADE)

    class Meta(StatusEvent.Meta):
        verbose_name = _("履职评议办理记录")
        verbose_name_plural = _("履职评议办理记录")


class ReviewItem(models.Model):
    """An evaluation item of a plan with its full marks (e.g. 依法行政 20分)."""

    plan = models.ForeignKey(ReviewPlan, verbose_name=_("评议计划"), related_name="items", on_delete=models.CASCADE)
    name = models.CharField(_("评议项目"), max_length=100)
    max_score = models.DecimalField(_("满分"), max_digits=5, decimal_places=1)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评议项目")
        verbose_name_plural = _("评议项目")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="personnel_review_item_unique",
                violation_error_message=_("该评议项目已存在。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReviewedHead(models.Model):
    """A department head under review: deputies' survey, scores, rank and rectification."""

    plan = models.ForeignKey(ReviewPlan, verbose_name=_("评议计划"), related_name="heads", on_delete=models.CASCADE)
    name = models.CharField(_("姓名"), max_length=64)
    department = models.CharField(_("部门"), max_length=100)
    post = models.CharField(_("职务"), max_length=100)
    survey_satisfied = models.PositiveIntegerField(_("满意"), default=0)
    survey_basic = models.PositiveIntegerField(_("基本满意"), default=0)
    survey_unsatisfied = models.PositiveIntegerField(_("不满意"), default=0)
    survey_opinions = models.TextField(_("代表意见建议"), blank=True)
    total_score = models.DecimalField(_("总分"), max_digits=6, decimal_places=1, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    rectification_status = models.CharField(
        _("整改情况"), max_length=16, choices=RectificationStatus.choices, default=RectificationStatus.NOT_REQUIRED
    )
    rectification_requirement = models.TextField(_("整改要求"), blank=True)
    rectification_report = models.TextField(_("整改报告"), blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("被评议人员")
        verbose_name_plural = _("被评议人员")
        ordering = ["rank", "department", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "department"],
                name="personnel_review_head_unique",
                violation_error_message=_("该部门已列入本次评议。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.name}"

    def get_absolute_url(self) -> str:
        """A head is shown on its plan's page."""
        return self.plan.get_absolute_url()


class ReviewedHeadEvent(StatusEvent):
    """History of one head under review: survey, scores, and each rectification step."""

    status_choices = RectificationStatus

    head = models.ForeignKey(
        ReviewedHead, verbose_name=_("被评议人员"), related_name="events", on_delete=models.CASCADE
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("被评议人员办理记录")
        verbose_name_plural = _("被评议人员办理记录")


class ReviewScore(models.Model):
    """The score of one head on one item."""

    head = models.ForeignKey(
        ReviewedHead, verbose_name=_("被评议人员"), related_name="scores", on_delete=models.CASCADE
    )
    item = models.ForeignKey(ReviewItem, verbose_name=_("评议项目"), related_name="scores", on_delete=models.CASCADE)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("评议得分")
        verbose_name_plural = _("评议得分")
        constraints = [models.UniqueConstraint(fields=["head", "item"], name="personnel_review_score_unique")]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"
