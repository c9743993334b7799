"""The indicator registry. Each app declares its figures in ``<app>/metrics.py``.

A metric says where its records are, how to count them, which date puts a
record in a month (None for stock figures), which field holds its region,
and optionally a field whose values split it into subgroups (e.g. level).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    area: str
    queryset: Callable[[], models.QuerySet]
    region_path: str = "region"
    date_path: str | None = None
    # COUNT(*) rather than COUNT(id): a count can then be read from an index alone.
    value: Callable[[], models.Aggregate] = field(default=lambda: models.Count("*"))
    subgroup_path: str | None = None
    changed_path: str | None = "updated_at"
    unit: str = ""

    @property
    def is_stock(self) -> bool:
        return self.date_path is None


@dataclass(frozen=True)
class Share:
    """A share: numerator ÷ denominator, both registered metrics, defined once.

    ``definition`` names both in the office's words ("A类答复 ÷ 已答复建议");
    every page that shows the share (dashboard, overview, scorecard, yearly
    report, API) shows it beside the figure and counts the same records.
    """

    key: str
    label: str
    area: str
    numerator: str
    denominator: str
    numerator_subgroup: str | None = None
    definition: str = ""


METRICS: dict[str, Metric] = {}
SHARES: dict[str, Share] = {}
AREAS: dict[str, str] = {}
_discovered = False


def register_area(key: str, label) -> None:
    AREAS[key] = label


def register_metric(metric: Metric) -> Metric:
    METRICS[metric.key] = metric
    return metric


def register_share(share: Share) -> Share:
    SHARES[share.key] = share
    return share


def discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("metrics")
        _discovered = True


def all_metrics() -> dict[str, Metric]:
    discover()
    return METRICS


def share(key: str) -> Share:
    """The one definition of a share, for every page that shows it."""
    discover()
    return SHARES[key]
