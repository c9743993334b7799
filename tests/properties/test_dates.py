"""Property tests of dates: working-day deadlines, opinion-item step deadlines and overdue
flags, the statistics' periods, and the date rules of forms and services.

"Today" is always the date in Asia/Shanghai: the clock is moved (time-machine) to instants
around 16:00 UTC, where the server's UTC date is still the day before.
"""

from __future__ import annotations

import datetime as dt
import string

import chinese_calendar
import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from core.exceptions import ApplicationError
from deputies import services as deputy_services
from deputies.choices import ContactKind, ContactWay, TrainingClass
from liaison_stations import selectors as station_selectors
from liaison_stations import services as station_services
from liaison_stations.choices import DUE_SOON_DAYS, STEP_DUE_DAYS, OpinionCategory, OpinionStatus
from liaison_stations.models import OpinionItem, Reception
from proposals import calendar as workdays
from proposals import services as proposal_services
from stats.choices import Period
from stats.metrics import all_metrics
from stats.models import RegionStat
from stats.periods import period_from_query
from stats.selectors import figures_for_regions
from tests.deputies.factories import DeputyFactory
from tests.factories import region, staff
from tests.liaison_stations.factories import InspectionFactory, OpinionItemFactory, StationFactory
from tests.proposals.factories import (
    CongressFactory,
    HandlingUnitFactory,
    SessionFactory,
    deputy_user,
    in_handling,
    registered,
    unit_user,
)

from .support import FEW, PROPERTY, awkward_dates, dates, instants, month_end, rolled_back, shanghai_date

ONE_DAY = dt.timedelta(days=1)


# Working days (proposals.calendar)
# ------------------------------------------------------------------------------


def reference_working_day(day: dt.date) -> bool:
    """Read straight from the package's tables: make-up days work, holidays rest, else Monday-Friday.

    Outside the years the package covers the tables are empty, which is the documented
    fallback (Monday to Friday).
    """
    if day in chinese_calendar.workdays:
        return True
    if day in chinese_calendar.holidays:
        return False
    return day.weekday() < 5


def reference_count(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return sum(reference_working_day(start + ONE_DAY * i) for i in range(1, (end - start).days + 1))


# Spring Festival, National Day and the years on either side of the package's coverage.
calendar_dates = st.one_of(
    st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2032, 12, 31)),
    awkward_dates,
    st.builds(dt.date, st.integers(2004, 2026), st.sampled_from([1, 2, 9, 10]), st.integers(1, 28)),
)


@PROPERTY
@given(calendar_dates)
def test_a_working_day_is_what_the_holiday_tables_say(day):
    assert workdays.is_working_day(day) is reference_working_day(day)


@PROPERTY
@given(calendar_dates, st.integers(min_value=0, max_value=60))
def test_adding_working_days_lands_on_the_nth_working_day(start, days):
    end = workdays.add_working_days(start, days)
    if days == 0:
        assert end == start
        return
    assert end > start and reference_working_day(end)
    assert reference_count(start, end) == days
    assert workdays.working_days_between(start, end) == days


@PROPERTY
@given(calendar_dates, st.integers(min_value=-400, max_value=400), st.integers(min_value=-400, max_value=400))
def test_working_days_between_counts_and_adds_up(a, to_b, to_c):
    b, c = a + ONE_DAY * to_b, a + ONE_DAY * to_c
    low, high = min(a, b), max(a, b)
    assert workdays.working_days_between(low, high) == reference_count(low, high)
    assert workdays.working_days_between(b, a) == -workdays.working_days_between(a, b)
    assert workdays.working_days_between(a, b) + workdays.working_days_between(b, c) == (
        workdays.working_days_between(a, c)
    )


@PROPERTY
@given(dates, st.integers(min_value=0, max_value=36))
def test_adding_months_keeps_the_day_or_clips_to_the_month_end(start, months):
    end = workdays.add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == min(start.day, month_end(end.year, end.month).day)


@PROPERTY
@given(calendar_dates, calendar_dates, st.integers(min_value=1, max_value=12))
def test_a_month_deadline_is_the_first_working_day_on_or_after_the_same_date(start, other, months):
    plain = workdays.add_months(start, months)
    deadline = workdays.deadline_after_months(start, months)
    assert deadline >= plain and reference_working_day(deadline)
    assert not any(reference_working_day(plain + ONE_DAY * i) for i in range((deadline - plain).days))
    # A later start never gets an earlier deadline.
    if other >= start:
        assert workdays.deadline_after_months(other, months) >= deadline


@pytest.fixture
def handling(db):
    """A provincial session, a registered-ready deputy, the office, and a lead unit with its clerk."""
    congress = CongressFactory()
    unit = HandlingUnitFactory()
    return {
        "session": SessionFactory(congress=congress, handling_months=3, max_handling_months=6, accept_days=5),
        "deputy": deputy_user(congress),
        "office": staff("330000"),
        "unit": unit,
        "clerk": unit_user(unit),
    }


@FEW
@given(instant=instants(day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 6, 30))))
def test_assignment_deadlines_count_from_the_local_date(handling, instant):
    today = shanghai_date(instant)
    with rolled_back(), time_machine.travel(instant, tick=False):
        proposal = registered(handling["session"], handling["deputy"], handling["office"])
        proposal_services.proposal_assign(actor=handling["office"], proposal=proposal, lead_unit=handling["unit"])
        proposal.refresh_from_db()
        lead = proposal.assignments.get()
        assert proposal.assigned_on == today
        assert proposal.deadline == workdays.deadline_after_months(today, 3)
        assert workdays.add_months(today, 3) <= proposal.deadline and reference_working_day(proposal.deadline)
        assert lead.deadline == proposal.deadline
        assert lead.stage_due > today and reference_count(today, lead.stage_due) == 5


@FEW
@given(
    instant=instants(day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 3, 31))),
    offset=st.integers(min_value=-120, max_value=10),
)
def test_an_extension_may_run_to_the_maximum_handling_period_and_no_further(handling, instant, offset):
    with rolled_back(), time_machine.travel(instant, tick=False):
        h = handling
        proposal = in_handling(h["session"], h["deputy"], h["office"], h["unit"], h["clerk"])
        lead = proposal.assignments.get()
        limit = workdays.deadline_after_months(shanghai_date(instant), 6)
        requested = limit + ONE_DAY * offset
        if lead.deadline < requested <= limit:
            proposal_services.extension_request(
                actor=h["clerk"], assignment=lead, requested_deadline=requested, reason="工程量大"
            )
        else:
            with pytest.raises(ApplicationError) as refused:
                proposal_services.extension_request(
                    actor=h["clerk"], assignment=lead, requested_deadline=requested, reason="工程量大"
                )
            assert refused.value.field == "requested_deadline"


# Opinion items: step deadlines and overdue flags
# ------------------------------------------------------------------------------


def reference_flags(status: str, due: dt.date | None, on: dt.date) -> tuple[bool, bool]:
    """(overdue, due soon) on ``on``: open items past their step deadline, or within two days of it."""
    if status == OpinionStatus.CLOSED or due is None:
        return False, False
    return due < on, on <= due <= on + dt.timedelta(days=DUE_SOON_DAYS)


@pytest.fixture
def station(county_user):
    return StationFactory()


def later(instant: dt.datetime, hours: int) -> dt.datetime:
    return instant + dt.timedelta(hours=hours)


@PROPERTY
@given(start=instants(), gaps=st.lists(st.integers(min_value=0, max_value=24 * 40), min_size=5, max_size=5))
def test_each_step_is_due_its_days_after_the_local_date_it_began(county_user, station, start, gaps):
    """Create → assign → handle → supervise → reply → close, each step at its own instant."""
    data = station_services.OpinionInput(title="路灯不亮", content="小区门口路灯坏了。", category=OpinionCategory.URBAN)
    steps = [
        lambda item: item,
        lambda item: station_services.opinion_assign(actor=county_user, item=item, unit="区住建局"),
        lambda item: station_services.opinion_handle(actor=county_user, item=item, result="已修复"),
        lambda item: station_services.opinion_supervise(actor=county_user, item=item, note="已核实"),
        lambda item: station_services.opinion_reply(actor=county_user, item=item, reply="已修复，请监督"),
        lambda item: station_services.opinion_close(actor=county_user, item=item),
    ]
    instant = start
    with rolled_back():
        with time_machine.travel(instant, tick=False):
            item = station_services.opinion_create(actor=county_user, station=station, data=data)
        for step, gap in zip(steps, [0, *gaps], strict=True):
            instant = later(instant, gap)
            with time_machine.travel(instant, tick=False):
                item = step(item)
            item.refresh_from_db()
            today = shanghai_date(instant)
            days = STEP_DUE_DAYS.get(item.status)
            expected = None if days is None else dt.date.fromordinal(today.toordinal() + days)
            assert item.step_due_date == expected, item.status
            assert item.transitions.order_by("pk").last().due_date == expected
            if expected is None:
                assert not OpinionItem.objects.overdue(expected or today).filter(pk=item.pk).exists()
                continue
            # The database agrees: not overdue on the deadline itself, overdue the day after.
            assert not OpinionItem.objects.overdue(expected).filter(pk=item.pk).exists()
            assert OpinionItem.objects.overdue(expected + ONE_DAY).filter(pk=item.pk).exists()
            assert OpinionItem.objects.due_soon(expected - dt.timedelta(days=DUE_SOON_DAYS)).filter(pk=item.pk).exists()
            assert (
                not OpinionItem.objects.due_soon(expected - dt.timedelta(days=DUE_SOON_DAYS + 1))
                .filter(pk=item.pk)
                .exists()
            )


# A deadline is none, a day near the day looked at (its boundaries), or any date.
opinion_rows = st.lists(
    st.tuples(st.sampled_from(list(OpinionStatus)), st.one_of(st.none(), st.integers(-4, 4), dates)),
    min_size=1,
    max_size=12,
)


@PROPERTY
@given(specs=opinion_rows, now=instants())
def test_overdue_and_due_soon_in_sql_agree_with_the_rule(county_user, station, specs, now):
    on = shanghai_date(now)
    rows = [(status, on + ONE_DAY * due if isinstance(due, int) else due) for status, due in specs]
    with rolled_back():
        items = {
            OpinionItemFactory(station=station, status=status, step_due_date=due).pk: reference_flags(status, due, on)
            for status, due in rows
        }
        overdue = {pk for pk, (late, _soon) in items.items() if late}
        soon = {pk for pk, (_late, near) in items.items() if near}
        assert set(OpinionItem.objects.overdue(on).values_list("pk", flat=True)) == overdue
        assert set(OpinionItem.objects.due_soon(on).values_list("pk", flat=True)) == soon
        flags = OpinionItem.objects.with_due_flags(on).values_list("pk", "is_overdue", "is_due_soon")
        assert {pk: (late, near) for pk, late, near in flags} == items
        with time_machine.travel(now, tick=False):
            # The same figures wherever "today" is taken from the clock.
            assert set(OpinionItem.objects.overdue().values_list("pk", flat=True)) == overdue
            assert station_selectors.opinion_counts(user=county_user)["overdue"] == len(overdue)
            assert set(all_metrics()["opinions_overdue"].queryset().values_list("pk", flat=True)) == overdue
            queue = station_selectors.opinion_work_queue(user=county_user).values_list("pk", flat=True)
            assert set(queue) == overdue | soon


# Date rules of forms and services: no future dates, no end before start
# ------------------------------------------------------------------------------

near_days = st.integers(min_value=-3, max_value=3)


@FEW
@given(now=instants(), offset=near_days)
def test_a_reception_may_be_recorded_up_to_today_and_not_later(login, county_user, station, now, offset):
    day = shanghai_date(now) + ONE_DAY * offset
    with rolled_back(), time_machine.travel(now, tick=False):
        client = login(county_user)  # at the travelled time: sessions expire after 30 idle minutes
        response = client.post(
            reverse("liaison_stations:reception_create"),
            {"station": station.pk, "date": day.isoformat(), "visitor_count": 3, "topics": "停车难"},
        )
        if offset <= 0:
            assert response.status_code == 302
            assert Reception.objects.get().date == day
        else:
            assert response.status_code == 200
            assert "date" in response.context["form"].errors
            assert not Reception.objects.exists()


@FEW
@given(now=instants(), offset=near_days)
def test_a_contact_may_be_dated_up_to_today_and_not_later(county_user, now, offset):
    day = shanghai_date(now) + ONE_DAY * offset
    with rolled_back(), time_machine.travel(now, tick=False):
        deputy = DeputyFactory()
        create = {
            "actor": county_user,
            "deputy": deputy,
            "kind": ContactKind.DEPUTY_RESIDENT,
            "counterpart": "社区居民",
            "contacted_on": day,
            "way": ContactWay.VISIT,
            "topic": "加装电梯",
        }
        if offset <= 0:
            assert deputy_services.contact_create(**create).contacted_on == day
        else:
            with pytest.raises(ApplicationError) as refused:
                deputy_services.contact_create(**create)
            assert refused.value.field == "contacted_on"


@FEW
@given(now=instants(), offset=near_days)
def test_an_opinion_item_may_be_assigned_a_deadline_from_today_on(county_user, station, now, offset):
    due = shanghai_date(now) + ONE_DAY * offset
    with rolled_back(), time_machine.travel(now, tick=False):
        item = OpinionItemFactory(station=station, status=OpinionStatus.REGISTERED)
        if offset >= 0:
            item = station_services.opinion_assign(actor=county_user, item=item, unit="区住建局", due_date=due)
            assert item.step_due_date == due
        else:
            with pytest.raises(ApplicationError) as refused:
                station_services.opinion_assign(actor=county_user, item=item, unit="区住建局", due_date=due)
            assert refused.value.field == "due_date"


@FEW
@given(start=dates, end=dates)
def test_ranges_must_not_end_before_they_start(county_user, station, start, end):
    """Training courses, solicitations and inspection deadlines all refuse an end before the start."""
    cases = [
        (
            "end_date",
            lambda: deputy_services.training_course_create(
                actor=county_user,
                title="履职培训",
                training_class=TrainingClass.THEMATIC,
                region=region("330106"),
                start_date=start,
                end_date=end,
                hours=8,
            ),
        ),
        (
            "end_date",
            lambda: station_services.solicitation_create(
                actor=county_user,
                region=region("330106"),
                title="条例草案",
                kind="regulation",
                start_date=start,
                end_date=end,
                stations=[station],
            ),
        ),
        (
            "deadline",
            lambda: station_services.problem_add(
                actor=county_user,
                inspection=InspectionFactory(date=start),
                station=station,
                category="facility",
                description="标识不清",
                owner="街道",
                deadline=end,
            ),
        ),
    ]
    for field, create in cases:
        with rolled_back():
            if end >= start:
                create()
            else:
                with pytest.raises(ApplicationError) as refused:
                    create()
                assert refused.value.field == field


# Statistics periods
# ------------------------------------------------------------------------------

QUERY_KEYS = ["period", "year", "quarter", "month", "start", "end"]
query_values = st.one_of(
    st.sampled_from([*Period.values, "", "0", "13", "-1", "2026", "2026-02", "2024-02-29", "1900-01", "9999-12"]),
    st.integers(min_value=-10, max_value=3000).map(str),
    st.dates().map(lambda d: f"{d:%Y-%m}"),
    st.dates().map(str),
    st.text(alphabet=string.printable + "年月日季度０１２３４５６７８９٣", max_size=12),
)


def months_of(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start
    while current <= end:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


@PROPERTY
@given(query=st.dictionaries(st.sampled_from(QUERY_KEYS), query_values), now=instants())
def test_any_query_gives_a_period_of_whole_months_in_order(query, now):
    with time_machine.travel(now, tick=False):
        period, label = period_from_query(query)
    assert period.start.day == 1 and period.end.day == 1
    assert period.start <= period.end
    assert label


@PROPERTY
@given(year=st.integers(min_value=1949, max_value=2100))
def test_the_quarters_tile_their_year(year):
    whole = period_from_query({"period": Period.YEAR, "year": str(year)})[0]
    assert months_of(whole.start, whole.end) == [dt.date(year, m, 1) for m in range(1, 13)]
    quarters = []
    for quarter in range(1, 5):
        period = period_from_query({"period": Period.QUARTER, "year": str(year), "quarter": str(quarter)})[0]
        quarters.append(months_of(period.start, period.end))
    assert [len(q) for q in quarters] == [3, 3, 3, 3]
    assert [month for months in quarters for month in months] == [dt.date(year, m, 1) for m in range(1, 13)]


@PROPERTY
@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), full=st.booleans())
def test_a_month_period_is_that_month(day, full):
    month = day.isoformat() if full else day.isoformat()[:7]
    period = period_from_query({"period": Period.MONTH, "month": month})[0]
    assert period.start == period.end == day.replace(day=1)


@PROPERTY
@given(a=dates, b=dates)
def test_a_custom_range_covers_its_months_whichever_way_round(a, b):
    period = period_from_query({"period": Period.CUSTOM, "start": a.isoformat()[:7], "end": b.isoformat()[:7]})[0]
    assert (period.start, period.end) == (min(a, b).replace(day=1), max(a, b).replace(day=1))


@PROPERTY
@given(now=instants(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))))
def test_the_term_is_the_five_years_around_today(now):
    with time_machine.travel(now, tick=False):
        period = period_from_query({"period": Period.TERM})[0]
    today = shanghai_date(now)
    assert (period.start.year - 2023) % 5 == 0
    assert period.start == dt.date(period.start.year, 1, 1)
    assert period.end == dt.date(period.start.year + 4, 12, 1)
    assert period.start <= today.replace(day=1) <= period.end


@pytest.fixture
def xihu(db):
    return region("330106")


@FEW
@given(
    year=st.integers(min_value=2019, max_value=2028),
    figures=st.lists(
        st.tuples(st.integers(2018, 2029), st.integers(1, 12), st.integers(0, 1000)),
        max_size=30,
        unique_by=lambda f: f[:2],
    ),
    a=dates,
    b=dates,
)
def test_figures_of_a_year_are_the_sum_of_its_quarters_and_months(province_user, xihu, year, figures, a, b):
    def total(query) -> int:
        period = period_from_query(query)[0]
        return figures_for_regions(user=province_user, regions=[xihu], period=period)[xihu.pk].get("prop_flow", 0)

    with rolled_back():
        RegionStat.objects.bulk_create(
            RegionStat(metric="prop_flow", region=xihu, period_start=dt.date(y, m, 1), value=v) for y, m, v in figures
        )
        in_year = sum(v for y, _m, v in figures if y == year)
        assert total({"period": "year", "year": str(year)}) == in_year
        assert sum(total({"period": "quarter", "year": str(year), "quarter": str(q)}) for q in range(1, 5)) == in_year
        assert sum(total({"period": "month", "month": f"{year}-{m:02d}"}) for m in range(1, 13)) == in_year
        low, high = min(a, b).replace(day=1), max(a, b).replace(day=1)
        assert total({"period": "custom", "start": f"{a:%Y-%m}", "end": f"{b:%Y-%m}"}) == sum(
            v for y, m, v in figures if low <= dt.date(y, m, 1) <= high
        )
