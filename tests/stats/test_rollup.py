"""The rollup equals a direct count over the records at every level, full or incremental."""

import threading
from datetime import datetime

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from regions.models import Region
from stats import services
from stats.choices import StatRunStatus
from stats.metrics import METRICS, Metric, register_metric
from stats.models import RegionStat
from stats.selectors import PeriodRange, figures_for_regions
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db

KEY = "test_accounts_created"


@pytest.fixture
def metric():
    """Accounts by the month they were created, split by role: a real model no domain app owns."""
    register_metric(
        Metric(
            key=KEY,
            label="账号",
            area="test",
            queryset=lambda: User.objects.filter(region__isnull=False),
            date_path="date_joined",
            subgroup_path="role",
            changed_path="date_joined",
        )
    )
    yield METRICS[KEY]
    METRICS.pop(KEY, None)


def joined(code: str, when: str, role=Role.COUNTY_STAFF):
    r = region(code)
    if r.level == "city":
        role = Role.CITY_STAFF
    elif r.level == "province":
        role = Role.PROVINCE_STAFF
    user = UserFactory(region=r, role=role)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.make_aware(datetime.fromisoformat(when)))
    return user


def direct_count(code: str, start: str, end: str) -> int:
    prefix = Region.objects.get(code=code).scope_prefix
    return User.objects.filter(
        region__code__startswith=prefix, date_joined__date__gte=start, date_joined__date__lte=end
    ).count()


def stat(code: str, months: tuple[str, str], user) -> int:
    period = PeriodRange(datetime.fromisoformat(months[0]).date(), datetime.fromisoformat(months[1]).date())
    r = Region.objects.get(code=code)
    return figures_for_regions(user=user, regions=[r], period=period)[r.pk].get(KEY, 0)


def test_full_rebuild_matches_direct_counts_at_every_level(metric, province_user):
    for code, when in [
        ("330106", "2026-01-15"),
        ("330106", "2026-01-31 23:30"),  # still January in Asia/Shanghai
        ("330106008", "2026-02-01"),
        ("330102", "2026-02-10"),
        ("330100", "2026-03-05"),
        ("330212", "2026-01-20"),
    ]:
        joined(code, when)
    services.stats_rebuild(metric_keys=[KEY])
    for code in ("330106", "330100", "330200", "330000", "330212"):
        assert stat(code, ("2026-01-01", "2026-03-01"), province_user) == direct_count(
            code, "2026-01-01", "2026-03-31"
        ), code
    assert stat("330100", ("2026-01-01", "2026-01-01"), province_user) == 2
    # The test users themselves (province/city/county fixtures) joined today; all counted at province level.
    assert stat("330000", ("2026-02-01", "2026-02-01"), province_user) == 2


def test_subgroups_add_up(metric, province_user):
    joined("330106", "2026-01-15")
    joined("330100", "2026-01-16")
    services.stats_rebuild(metric_keys=[KEY])
    province = region("330000")
    period = PeriodRange(datetime(2026, 1, 1).date(), datetime(2026, 1, 1).date())
    cell = figures_for_regions(user=province_user, regions=[province], period=period)[province.pk]
    assert cell[f"{KEY}:county_staff"] == 1 and cell[f"{KEY}:city_staff"] == 1 and cell[KEY] == 2


def test_rebuild_twice_gives_the_same_rows(metric):
    joined("330106", "2026-01-15")
    joined("330212", "2026-04-15")
    services.stats_rebuild(metric_keys=[KEY])
    first = sorted(RegionStat.objects.values_list("metric", "region_id", "period_start", "subgroup", "value"))
    services.stats_rebuild(metric_keys=[KEY])
    second = sorted(RegionStat.objects.values_list("metric", "region_id", "period_start", "subgroup", "value"))
    assert first == second and first


def test_incremental_refresh_picks_up_new_records_only_in_touched_months(metric, province_user):
    joined("330106", "2026-01-15")
    services.stats_rebuild(metric_keys=[KEY])
    UserFactory(region=region("330106"))  # joins now
    this_month = timezone.localdate().replace(day=1)
    run = services.stats_rebuild(incremental=True, metric_keys=[KEY])
    assert run.kind == "incremental" and run.months == [this_month.isoformat()]
    month = (this_month.isoformat(), this_month.isoformat())
    assert stat("330106", month, province_user) == direct_count("330106", this_month.isoformat(), "2999-12-31")
    assert stat("330106", ("2026-01-01", "2026-01-01"), province_user) == 1  # untouched month kept


def test_staff_read_only_their_jurisdictions_figures(metric, county_user, other_county_user):
    joined("330106", "2026-01-15")
    services.stats_rebuild(metric_keys=[KEY])
    assert stat("330106", ("2026-01-01", "2026-01-01"), county_user) == 1
    xihu = region("330106")
    period = PeriodRange(datetime(2026, 1, 1).date(), datetime(2026, 1, 1).date())
    assert figures_for_regions(user=other_county_user, regions=[xihu], period=period) == {}


def test_a_failed_rollup_leaves_the_previous_figures(metric, monkeypatch, province_user):
    joined("330106", "2026-01-15")
    services.stats_rebuild(metric_keys=[KEY])
    joined("330106", "2026-01-16")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_roll_up", broken)
    with pytest.raises(RuntimeError):
        services.stats_rebuild(metric_keys=[KEY])
    assert stat("330106", ("2026-01-01", "2026-01-01"), province_user) == 1  # the old figure, not 0 or 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_rollup_started_at_once_returns_immediately(metric):
    joined("330106", "2026-01-15")
    holding = threading.Event()
    release = threading.Event()
    original = services._roll_up

    def slow_roll_up(*args, **kwargs):
        holding.set()
        release.wait(10)
        return original(*args, **kwargs)

    services._roll_up = slow_roll_up
    results = {}
    try:
        first = threading.Thread(target=lambda: results.setdefault("first", services.stats_rebuild(metric_keys=[KEY])))
        first.start()
        assert holding.wait(10)
        results["second"] = services.stats_rebuild(metric_keys=[KEY])
        release.set()
        first.join(20)
    finally:
        services._roll_up = original
        connection.close()
    assert results["second"].status == StatRunStatus.SKIPPED
    assert results["first"].status == StatRunStatus.DONE
    assert RegionStat.objects.filter(metric=KEY).aggregate(n=Count("pk"))["n"] > 0
