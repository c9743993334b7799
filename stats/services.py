"""The rollup: summary rows computed in SQL from the records, one level at a time.

A run works inside one transaction: it deletes the cells it recomputes,
inserts each record region's own counts with INSERT ... SELECT (nothing
is loaded into Python), then adds each level into its parent with one
GROUP BY per level (township → county → city → province). A run that fails
rolls back and the previous figures stay. Only one run at a time: a second
one returns at once.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, DateField, DateTimeField, Q, Value
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from regions.choices import RegionLevel

from .choices import StatRunKind, StatRunStatus
from .metrics import Metric, all_metrics
from .models import STOCK_PERIOD_START, RegionStat, StatDirtyMonth, StatRun

logger = logging.getLogger(__name__)

_LOCK_KEY = "stats:rollup-lock"
_PG_LOCK_ID = 730_0_2026  # arbitrary constant for pg_try_advisory_xact_lock
_ROLLUP_ORDER = (RegionLevel.TOWNSHIP, RegionLevel.COUNTY, RegionLevel.CITY)


class RollupBusy(Exception):
    pass


def _table() -> str:
    return connection.ops.quote_name(RegionStat._meta.db_table)


def _leaf_queryset(metric: Metric, months: list[date] | None):
    region_field = f"{metric.region_path}_id" if "__" not in metric.region_path else f"{metric.region_path}__id"
    qs = metric.queryset()
    if metric.is_stock:
        qs = qs.annotate(_period=Cast(Value(STOCK_PERIOD_START), output_field=DateField()))
    else:
        qs = qs.annotate(_period=Cast(TruncMonth(metric.date_path), output_field=DateField()))
        qs = qs.filter(**{f"{metric.date_path}__isnull": False})
        if months is not None:
            qs = qs.filter(_month_ranges(metric, months))
    subgroup = metric.subgroup_path
    qs = qs.annotate(_subgroup=Cast(subgroup, output_field=CharField()) if subgroup else Value(""))
    return (
        qs.filter(**{f"{region_field}__isnull": False})
        .values(region_field, "_period", "_subgroup")
        .annotate(_value=metric.value())
        .values_list(region_field, "_period", "_subgroup", "_value")
        .order_by()
    )


_SCRATCH = "stats_scratch"


def _create_scratch() -> None:
    """An index-free temporary table: every level is summed there, the real table is written once."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_SCRATCH}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_SCRATCH} "
            "(metric varchar(64), region_id bigint, period_start date, subgroup varchar(64), value bigint)"
        )


def _month_ranges(metric: Metric, months: list[date]) -> Q:
    """Records dated in the given months, as ranges on the raw column (indexable, unlike TruncMonth)."""
    target = metric.queryset().model
    for part in metric.date_path.split("__"):
        model_field = target._meta.get_field(part)
        target = model_field.related_model or target
    is_datetime = isinstance(model_field, DateTimeField)
    condition = Q(pk__in=[])
    for month in months:
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        start, end = month, following
        if is_datetime:
            zone = timezone.get_current_timezone()
            start = datetime.combine(month, time.min, tzinfo=zone)
            end = datetime.combine(following, time.min, tzinfo=zone)
        condition |= Q(**{f"{metric.date_path}__gte": start, f"{metric.date_path}__lt": end})
    return condition


def _insert_leaf(metric: Metric, months: list[date] | None) -> int:
    sql, params = _leaf_queryset(metric, months).query.sql_with_params()
    # Only identifiers from model metadata and Django's own compiled SQL are
    # interpolated; every value travels as a parameter.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_SCRATCH} (metric, region_id, period_start, subgroup, value) "  # noqa: S608
            f"SELECT %s, leaf.* FROM ({sql}) AS leaf",
            [metric.key, *params],
        )
        return cursor.rowcount


def _roll_up() -> int:
    """Sum each level into its parent (township → county → city → province), then write the totals.

    A region's rows in the scratch table are its own records plus what its
    children passed up; a level is complete before it is read.
    """
    region_table = connection.ops.quote_name("regions_region")
    with connection.cursor() as cursor:
        for level in _ROLLUP_ORDER:
            cursor.execute(
                f"INSERT INTO {_SCRATCH} (metric, region_id, period_start, subgroup, value) "  # noqa: S608
                f"SELECT s.metric, r.parent_id, s.period_start, s.subgroup, SUM(s.value) "
                f"FROM {_SCRATCH} s JOIN {region_table} r ON r.id = s.region_id "
                f"WHERE r.level = %s AND r.parent_id IS NOT NULL "
                f"GROUP BY s.metric, r.parent_id, s.period_start, s.subgroup",
                [level],
            )
        cursor.execute(
            f"INSERT INTO {_table()} (metric, region_id, period_start, subgroup, value) "  # noqa: S608
            f"SELECT metric, region_id, period_start, subgroup, SUM(value) FROM {_SCRATCH} "
            f"GROUP BY metric, region_id, period_start, subgroup"
        )
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {_SCRATCH}")
    return written


def _acquire_lock() -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_PG_LOCK_ID])
            return bool(cursor.fetchone()[0])
    return cache.add(_LOCK_KEY, "1", timeout=60 * 60)


def _release_lock() -> None:
    if connection.vendor != "postgresql":
        cache.delete(_LOCK_KEY)


def mark_month_dirty(date_path: str):
    """A post_delete receiver noting the month of the deleted record's date."""

    def receiver(sender, instance, **kwargs):
        value = instance
        for part in date_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return
        if isinstance(value, datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        StatDirtyMonth.objects.update_or_create(month=value.replace(day=1))

    return receiver


def _months_touched(since: datetime) -> list[date]:
    """Months whose figures may have changed since ``since``: changed records and noted deletions."""
    months: set[date] = set(StatDirtyMonth.objects.values_list("month", flat=True))
    for metric in all_metrics().values():
        if metric.is_stock or metric.changed_path is None:
            continue
        for month in (
            metric.queryset()
            .filter(**{f"{metric.changed_path}__gte": since, f"{metric.date_path}__isnull": False})
            .annotate(_m=Cast(TruncMonth(metric.date_path), output_field=DateField()))
            .values_list("_m", flat=True)
            .distinct()
            .order_by()
        ):
            months.add(month if isinstance(month, date) else date.fromisoformat(str(month)[:10]))
    return sorted(months)


def stats_rebuild(*, incremental: bool = False, metric_keys: list[str] | None = None) -> StatRun:
    """Recompute the figures: everything, or only the months changed since the last run."""
    metrics = all_metrics()
    keys = sorted(metric_keys or metrics)
    last = StatRun.objects.filter(status=StatRunStatus.DONE).order_by("-started_at").first()
    kind = StatRunKind.INCREMENTAL if incremental and last and last.changes_until else StatRunKind.FULL
    started = timezone.now()
    try:
        with transaction.atomic():
            if not _acquire_lock():
                raise RollupBusy
            try:
                months: list[date] | None = None
                if kind == StatRunKind.INCREMENTAL:
                    months = _months_touched(last.changes_until)
                cells = RegionStat.objects.filter(metric__in=keys)
                if months is not None:
                    # Stock figures are cheap and always recomputed.
                    stock = [k for k in keys if metrics[k].is_stock]
                    flow = [k for k in keys if not metrics[k].is_stock]
                    RegionStat.objects.filter(metric__in=stock).delete()
                    cells = RegionStat.objects.filter(metric__in=flow, period_start__in=months)
                cells.delete()
                _create_scratch()
                for key in keys:
                    metric = metrics[key]
                    if months is not None and not metric.is_stock and not months:
                        continue
                    _insert_leaf(metric, None if metric.is_stock else months)
                written = _roll_up()
                if months is not None:
                    StatDirtyMonth.objects.filter(marked_at__lt=started).delete()
                run = StatRun.objects.create(
                    kind=kind,
                    status=StatRunStatus.DONE,
                    finished_at=timezone.now(),
                    changes_until=started,
                    months=[m.isoformat() for m in months] if months is not None else [],
                    rows_written=written,
                )
            finally:
                _release_lock()
    except RollupBusy:
        logger.info("Statistics rollup already running; this one is skipped")
        return StatRun(kind=kind, status=StatRunStatus.SKIPPED)
    except Exception as exc:
        # The transaction rolled back: the previous figures are still in place.
        StatRun.objects.create(kind=kind, status=StatRunStatus.FAILED, finished_at=timezone.now(), message=str(exc))
        raise
    return run
