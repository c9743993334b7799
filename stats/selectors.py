"""Dashboard reads: summary rows only, never the raw records."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Q, Sum

from core.scoping import region_in_scope
from regions.models import Region

from .metrics import SHARES, all_metrics
from .models import STOCK_PERIOD_START, RegionStat, StatRun


@dataclass(frozen=True)
class PeriodRange:
    start: date  # first month included
    end: date  # last month included (first day of that month)

    def a_year_before(self) -> "PeriodRange":
        """The same months a year earlier, for "比去年同期" comparisons."""
        return PeriodRange(self.start.replace(year=self.start.year - 1), self.end.replace(year=self.end.year - 1))


def _period_filter(period: PeriodRange) -> Q:
    return Q(period_start__gte=period.start, period_start__lte=period.end) | Q(
        period_start=date.fromisoformat(STOCK_PERIOD_START)
    )


Figures = dict[int, dict[str, int]]


def figures_for_regions(*, user, regions: list[Region], period: PeriodRange) -> Figures:
    """{region id: {metric or metric:subgroup: value}} for the given regions, one query."""
    return figures_with_year_before(user=user, regions=regions, period=period)[0]


def figures_with_year_before(*, user, regions: list[Region], period: PeriodRange) -> tuple[Figures, Figures]:
    """The figures of ``period`` and of the same months a year before, in one query.

    Stock figures (as of now) belong to the period asked for only: a year
    before has none. Summary rows change only when a rollup finishes, so the
    sums are cached under that run: a dashboard costs the same however much
    data is behind it.
    """
    regions = [r for r in regions if region_in_scope(user, r)]
    before = period.a_year_before()
    run = last_run()
    cache_key = None
    if run is not None:
        scope = f"{run.pk}|{run.finished_at}|{period.start}|{period.end}|{sorted(r.pk for r in regions)}"
        cache_key = "stats:figures:" + hashlib.sha256(scope.encode()).hexdigest()
        cached = cache.get(cache_key)
        if cached is not None:
            return cached
    now: Figures = {r.pk: {} for r in regions}
    then: Figures = {r.pk: {} for r in regions}
    earlier = Q(period_start__gte=before.start, period_start__lte=before.end)
    rows = (
        RegionStat.objects.visible_to(user)
        .filter(_period_filter(period) | earlier, region__in=regions)
        .values("region_id", "metric", "subgroup")
        .annotate(total=Sum("value", filter=_period_filter(period)), total_before=Sum("value", filter=earlier))
        .order_by()
    )
    for row in rows:
        for figures, total in ((now, row["total"]), (then, row["total_before"])):
            if not total:
                continue
            cell = figures[row["region_id"]]
            if row["subgroup"]:
                key = f"{row['metric']}:{row['subgroup']}"
                cell[key] = cell.get(key, 0) + total
            cell[row["metric"]] = cell.get(row["metric"], 0) + total
    if cache_key is not None:
        cache.set(cache_key, (now, then), timeout=24 * 60 * 60)
    return now, then


def share_value(figures: dict[str, int], share_key: str) -> float | None:
    """A share recomputed from summed numerator and denominator; None when there is nothing to divide."""
    share = SHARES[share_key]
    numerator_key = f"{share.numerator}:{share.numerator_subgroup}" if share.numerator_subgroup else share.numerator
    denominator = figures.get(share.denominator, 0)
    if not denominator:
        return None
    return figures.get(numerator_key, 0) / denominator


def last_run() -> StatRun | None:
    return StatRun.objects.filter(status="done").order_by("-started_at").first()


def metric_labels() -> dict[str, str]:
    return {key: metric.label for key, metric in all_metrics().items()}
