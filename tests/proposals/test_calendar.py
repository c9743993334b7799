import datetime as dt

from proposals import calendar


def test_spring_festival_2026_is_skipped():
    # 13 Feb (Fri) + 1 working day is Sat 14 Feb, a make-up working day (调休).
    assert calendar.add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)
    # From 14 Feb, the next working day is 24 Feb: 15–23 Feb are the holiday.
    assert calendar.add_working_days(dt.date(2026, 2, 14), 1) == dt.date(2026, 2, 24)


def test_make_up_saturday_counts_and_sunday_does_not():
    assert calendar.is_working_day(dt.date(2026, 2, 28)) is True
    assert calendar.is_working_day(dt.date(2026, 3, 1)) is False


def test_national_day_2025_holiday_and_make_up_days():
    assert calendar.is_working_day(dt.date(2025, 9, 28)) is True  # Sunday worked
    assert calendar.is_working_day(dt.date(2025, 10, 8)) is False
    assert calendar.add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)


def test_working_days_between_counts_across_the_holiday():
    assert calendar.working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 9)) == 2
    assert calendar.working_days_between(dt.date(2026, 10, 9), dt.date(2026, 9, 30)) == -2


def test_month_deadline_clips_and_rolls_to_a_working_day():
    assert calendar.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert calendar.deadline_after_months(dt.date(2026, 7, 1), 3) == dt.date(2026, 10, 8)


def test_years_beyond_the_package_fall_back_to_weekdays():
    assert calendar.is_working_day(dt.date(2099, 1, 5)) is True  # a Monday
    assert calendar.is_working_day(dt.date(2099, 1, 4)) is False  # a Sunday
