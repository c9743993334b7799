from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import RegionScopedQuerySet

from .choices import StatRunKind, StatRunStatus

# Rows of stock figures (deputies serving, stations open) are not tied to a
# month; they carry this date as their period start.
STOCK_PERIOD_START = "1970-01-01"


class RegionStat(models.Model):
    """One figure for one region and one month: the region and everything below it.

    Flow figures (receptions, items received) have a row per month; any
    period (quarter, year, term, a custom range) is the sum of its months.
    Shares are never stored: they are recomputed from numerator and
    denominator figures, so a city's share is never an average of counties'.
    """

    # Scoped like every regional record, but without timestamps: there are
    # millions of these rows and they are rewritten wholesale.
    region_lookup = "region"
    owner_lookup = None

    # The cell is the key: no surrogate id, no sequence, one index, which
    # starts with the region and so serves the dashboards' lookups as well.
    # No database constraint: the rollup rewrites these rows in bulk from
    # regions it has just joined.
    pk = models.CompositePrimaryKey("region", "metric", "period_start", "subgroup")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("行政区划"),
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
    )
    metric = models.CharField(_("指标"), max_length=64)
    period_start = models.DateField(_("月份"))
    subgroup = models.CharField(_("分组"), max_length=64, blank=True, default="")
    value = models.BigIntegerField(_("数值"), default=0)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("统计数据")
        verbose_name_plural = _("统计数据")

    def __str__(self) -> str:
        return f"{self.metric} {self.region_id} {self.period_start} {self.subgroup}={self.value}"

    @classmethod
    def extra_visibility(cls, user):
        return None


class StatRun(models.Model):
    """A rollup run: when it ran, what it covered, how it ended."""

    kind = models.CharField(_("类型"), max_length=16, choices=StatRunKind.choices)
    status = models.CharField(_("状态"), max_length=16, choices=StatRunStatus.choices, default=StatRunStatus.RUNNING)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Records changed at or after this instant are picked up by the next incremental run.
    changes_until = models.DateTimeField(_("数据截至"), null=True, blank=True)
    months = models.JSONField(_("涉及月份"), default=list, blank=True)
    rows_written = models.BigIntegerField(_("写入行数"), default=0)
    message = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("统计计算记录")
        verbose_name_plural = _("统计计算记录")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class StatDirtyMonth(models.Model):
    """A month whose figures a deletion has made stale; the next incremental run recomputes it."""

    month = models.DateField(_("月份"), unique=True)
    marked_at = models.DateTimeField(_("标记时间"), auto_now=True)

    class Meta:
        verbose_name = _("待重算月份")
        verbose_name_plural = _("待重算月份")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
