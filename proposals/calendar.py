"""Working days in mainland China: public holidays and make-up working days (调休).

The calendar comes from the maintained ``chinesecalendar`` package, updated
each year when the State Council publishes the holiday schedule. For a year the
package does not cover yet, Monday to Friday count as working days, so a
deadline far ahead is an estimate until the package is upgraded.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import logging

import chinese_calendar

logger = logging.getLogger(__name__)


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clipped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, _calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def deadline_after_months(start: dt.date, months: int) -> dt.date:
    """A legal deadline of ``months`` months; one that falls on a rest day moves to the next working day."""
    return next_working_day(add_months(start, months))
