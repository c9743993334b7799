from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel
from core.scoping import region_prefix_for

from ..choices import Quarter


class EvaluationIndicatorSet(RegionScopedModel):
    """The indicators and weights a congress uses to evaluate its stations in one year."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("制定单位所在区划"), related_name="+", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("站点评价指标体系")
        verbose_name_plural = _("站点评价指标体系")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="indicator_set_one_per_region_year")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liaison_stations:indicator_set_detail", args=[self.pk])

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        # Stations below the defining region are scored against it: their staff must read it.
        prefix = region_prefix_for(user)
        if prefix is None:
            return None
        codes = [prefix[:n] for n in (2, 4, 6) if n <= len(prefix)]
        return models.Q(region__code__in=[c.ljust(6, "0") for c in codes])


class EvaluationIndicator(RegionScopedModel):
    """One indicator with its weight (weights of a set add up to 100)."""

    region_lookup = "indicator_set__region"

    indicator_set = models.ForeignKey(
        EvaluationIndicatorSet, verbose_name=_("指标体系"), related_name="indicators", on_delete=models.CASCADE
    )
    name = models.CharField(_("指标"), max_length=100)
    description = models.CharField(_("评分标准"), max_length=300, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["indicator_set", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "name"], name="indicator_unique_name"),
            models.CheckConstraint(condition=models.Q(weight__gt=0, weight__lte=100), name="indicator_weight_range"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        condition = EvaluationIndicatorSet.extra_visibility(user)
        if condition is None:
            return None
        return models.Q(indicator_set__in=EvaluationIndicatorSet.objects.filter(condition).values("pk"))


class StationEvaluation(RegionScopedModel):
    """A station's evaluation for one quarter: its self-evaluation and the city/county's scoring.

    Totals are weighted sums (0–100) kept by the scoring services.
    """

    region_lookup = "station__region"

    station = models.ForeignKey(
        "liaison_stations.Station", verbose_name=_("联络站"), related_name="evaluations", on_delete=models.CASCADE
    )
    indicator_set = models.ForeignKey(
        EvaluationIndicatorSet, verbose_name=_("指标体系"), related_name="evaluations", on_delete=models.PROTECT
    )
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=Quarter.choices)
    self_total = models.DecimalField(_("自评得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    review_total = models.DecimalField(_("考评得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    reviewer_note = models.TextField(_("考评意见"), blank=True)

    class Meta:
        verbose_name = _("站点季度评价")
        verbose_name_plural = _("站点季度评价")
        ordering = ["-indicator_set__year", "-quarter", "station__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "indicator_set", "quarter"], name="evaluation_one_per_station_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.indicator_set.year}Q{self.quarter}"


class EvaluationScore(RegionScopedModel):
    """Scores (0–100) for one indicator: the station's own and the reviewer's."""

    region_lookup = "evaluation__station__region"

    evaluation = models.ForeignKey(
        StationEvaluation, verbose_name=_("季度评价"), related_name="scores", on_delete=models.CASCADE
    )
    indicator = models.ForeignKey(
        EvaluationIndicator, verbose_name=_("指标"), related_name="scores", on_delete=models.PROTECT
    )
    self_score = models.DecimalField(_("自评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    review_score = models.DecimalField(_("考评分"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["indicator__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="score_one_per_indicator"),
            models.CheckConstraint(
                condition=models.Q(self_score__isnull=True) | models.Q(self_score__gte=0, self_score__lte=100),
                name="score_self_range",
            ),
            models.CheckConstraint(
                condition=models.Q(review_score__isnull=True) | models.Q(review_score__gte=0, review_score__lte=100),
                name="score_review_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.indicator}"
