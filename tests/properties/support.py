"""Shared pieces of the property tests: example settings, per-example rollback, instants."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Database fixtures are built once per test and shared by its examples on purpose; every
# example runs inside its own savepoint (``rolled_back``), so nothing leaks between them.
# No example database: nothing is written into the checkout.
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(PROPERTY, max_examples=25)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one example's database work in a savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Dates that break naive arithmetic: month ends, 28/29 February, year ends.
awkward_dates = st.one_of(
    st.builds(month_end, st.integers(2000, 2030), st.integers(1, 12)),
    st.builds(dt.date, st.sampled_from([2000, 2004, 2020, 2024, 2028]), st.just(2), st.just(29)),
    st.builds(dt.date, st.integers(2000, 2030), st.just(2), st.just(28)),
    st.builds(dt.date, st.integers(2000, 2030), st.just(12), st.just(31)),
    st.builds(dt.date, st.integers(2000, 2030), st.just(1), st.just(1)),
)
dates = st.one_of(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)), awkward_dates)

# UTC times of day, weighted towards Shanghai midnight (16:00 UTC), where the server's UTC
# date and the portal's local date differ.
_times = st.one_of(
    st.times(),
    st.builds(dt.time, st.sampled_from([15, 16]), st.sampled_from([0, 59]), st.sampled_from([0, 59])),
)


@st.composite
def instants(draw, day=dates) -> dt.datetime:
    """An aware UTC instant; its Shanghai date is often the UTC date's next day."""
    return dt.datetime.combine(draw(day), draw(_times), tzinfo=dt.UTC)


def shanghai_date(instant: dt.datetime) -> dt.date:
    """The reference for "today": the calendar date in Asia/Shanghai, computed without Django."""
    return instant.astimezone(SHANGHAI).date()
