"""The rollup: summary rows computed in SQL from the records, one level at a time.

A run works inside one transaction: it inserts each record region's own
counts into an index-free scratch table with INSERT ... SELECT (nothing is
loaded into Python), adds each level into its parent with one GROUP BY per
level (township → county → city → province), then writes only the cells
whose value changed and deletes the cells that vanished. A run that fails
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


def _roll_up() -> None:
    """Sum each level into its parent (township → county → city → province) inside the scratch table.

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


_CHANGES = "stats_changes"
_CELL = ("region_id", "metric", "period_start", "subgroup")


def _write_cells(stock_keys: list[str], flow_keys: list[str], months: list[date] | None) -> int:
    """Make the summary table equal the scratch totals for the recomputed cells; returns rows changed.

    One full join of the new totals with the stored cells finds what differs;
    only those cells are updated, inserted or deleted. A rerun over unchanged
    records writes nothing, and readers see the old figures until the run
    commits.
    """
    table = _table()
    cell = ", ".join(_CELL)
    scope_params: list = [*stock_keys, *flow_keys]
    stock_in = ", ".join(["%s"] * len(stock_keys)) or "NULL"
    flow_in = ", ".join(["%s"] * len(flow_keys)) or "NULL"
    scope = f"metric IN ({stock_in}) OR (metric IN ({flow_in})"
    if months is not None:
        scope += f" AND period_start IN ({', '.join(['%s'] * len(months)) or 'NULL'})"
        scope_params += months
    scope += ")"
    either = ", ".join(f"COALESCE(t.{c}, s.{c}) AS {c}" for c in _CELL)
    same = " AND ".join(f"t.{c} = s.{c}" for c in _CELL)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_CHANGES}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_CHANGES} AS SELECT {either}, t.value AS new_value, s.value AS old_value "  # noqa: S608
            f"FROM (SELECT {cell}, SUM(value) AS value FROM {_SCRATCH} GROUP BY {cell}) t "
            f"FULL JOIN (SELECT {cell}, value FROM {table} WHERE {scope}) s ON {same} "
            f"WHERE t.value IS DISTINCT FROM s.value",
            scope_params,
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE ({cell}) IN "  # noqa: S608
            f"(SELECT {cell} FROM {_CHANGES} WHERE new_value IS NULL)"
        )
        changed = max(cursor.rowcount, 0)
        cursor.execute(
            f"UPDATE {table} SET value = c.new_value FROM {_CHANGES} c "  # noqa: S608
            f"WHERE c.old_value IS NOT NULL AND c.new_value IS NOT NULL AND "
            + " AND ".join(f"c.{col} = {table}.{col}" for col in _CELL)
        )
        changed += max(cursor.rowcount, 0)
        # Ordered like the primary key, so its pages are filled in order.
        cursor.execute(
            f"INSERT INTO {table} ({cell}, value) "  # noqa: S608
            f"SELECT {cell}, new_value FROM {_CHANGES} WHERE old_value IS NULL ORDER BY {cell}"
        )
        changed += max(cursor.rowcount, 0)
        cursor.execute(f"DROP TABLE {_CHANGES}")
        cursor.execute(f"DROP TABLE {_SCRATCH}")
    return changed


def _tune_session() -> None:
    # The level sums sort a few hundred thousand rows; PostgreSQL's default
    # 4 MB of sort memory would spill them to disk. Reset when the run commits.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")


def _acquire_lock() -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_PG_LOCK_ID])
            return bool(cursor.fetchone()[0])
    return cache.add(_LOCK_KEY, "1", timeout=60 * 60)


def _release_lock() -> None:
    if connection.vendor != "postgresql":
        cache.delete(_LOCK_KEY)


def _month_of(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def mark_month_dirty(date_path: str):
    """A post_delete receiver noting the month of the deleted record's date."""

    def receiver(sender, instance, **kwargs):
        value = instance
        for part in date_path.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return
        StatDirtyMonth.objects.update_or_create(month=_month_of(value))

    return receiver


def mark_old_month_dirty(date_field: str):
    """A pre_save receiver: a record moved to another month leaves its old month stale.

    The change scan sees the record only in its new month.
    """

    def receiver(sender, instance, **kwargs):
        loaded = getattr(instance, "_loaded_values", None)
        if not loaded or date_field not in loaded:
            return
        old, new = _month_of(loaded[date_field]), _month_of(getattr(instance, date_field))
        if old is not None and old != new:
            StatDirtyMonth.objects.update_or_create(month=old)

    return receiver


def _months_touched(since: datetime) -> list[date]:
    """Months whose figures may have changed since ``since``: changed records and noted deletions."""
    months: set[date] = set(StatDirtyMonth.objects.values_list("month", flat=True))
    scanned = set()
    for metric in all_metrics().values():
        if metric.is_stock or metric.changed_path is None:
            continue
        model = metric.queryset().model
        # Several figures count the same records; their months are read once.
        if (model, metric.date_path, metric.changed_path) in scanned:
            continue
        scanned.add((model, metric.date_path, metric.changed_path))
        for month in (
            model._default_manager.filter(
                **{f"{metric.changed_path}__gte": since, f"{metric.date_path}__isnull": False}
            )
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
                _tune_session()
                months: list[date] | None = None
                if kind == StatRunKind.INCREMENTAL:
                    months = _months_touched(last.changes_until)
                # Stock figures are cheap and always recomputed; flow figures
                # for every month, or only for the months touched.
                stock = [k for k in keys if metrics[k].is_stock]
                flow = [k for k in keys if not metrics[k].is_stock]
                if months == []:
                    flow = []
                _create_scratch()
                for key in stock:
                    _insert_leaf(metrics[key], None)
                for key in flow:
                    _insert_leaf(metrics[key], months)
                _roll_up()
                written = _write_cells(stock, flow, months)
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
