"""The opinion-item handling flow: register → assign → handle → supervise → reply → close."""

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection

from accounts.choices import Role
from core.exceptions import ApplicationError
from liaison_stations import services
from liaison_stations.choices import OpinionStatus, Rating
from liaison_stations.models import OpinionItem, OpinionTransition
from liaison_stations.services import OpinionInput
from tests.factories import UserFactory

from .factories import DeputyFactory, OpinionItemFactory, StationFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DATA = OpinionInput(title="路灯损坏", content="小区门口路灯损坏已经一个月，夜间出行不便。", category="urban")


def _to_replied(item, actor):
    services.opinion_assign(actor=actor, item=item, unit="西湖区城管局")
    services.opinion_handle(actor=actor, item=item, result="已修复路灯。")
    services.opinion_supervise(actor=actor, item=item, note="已现场核实。")
    return services.opinion_reply(actor=actor, item=item, reply="路灯已于本周修复，感谢反映。")


def _closed_item(actor):
    item = services.opinion_create(actor=actor, station=StationFactory(), data=DATA)
    _to_replied(item, actor)
    return services.opinion_close(actor=actor, item=item)


@pytest.mark.django_db
def test_full_flow_records_every_step_with_who_and_when(county_user):
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    _to_replied(item, county_user)
    item = services.opinion_close(actor=county_user, item=item, note="群众认可")

    assert item.status == OpinionStatus.CLOSED
    assert item.closed_at is not None
    history = list(OpinionTransition.objects.filter(item=item).values_list("from_status", "to_status", "actor"))
    assert history == [
        ("", "registered", county_user.pk),
        ("registered", "assigned", county_user.pk),
        ("assigned", "handled", county_user.pk),
        ("handled", "supervised", county_user.pk),
        ("supervised", "replied", county_user.pk),
        ("replied", "closed", county_user.pk),
    ]


@pytest.mark.django_db
def test_steps_cannot_be_skipped(county_user):
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    services.opinion_assign(actor=county_user, item=item, unit="西湖区城管局")

    with pytest.raises(ApplicationError, match="当前状态为“已交办”，不能督办"):
        services.opinion_supervise(actor=county_user, item=item, note="催一下")
    with pytest.raises(ApplicationError, match="不能办结"):
        services.opinion_close(actor=county_user, item=item)

    item.refresh_from_db()
    assert item.status == OpinionStatus.ASSIGNED
    assert item.transitions.count() == 2


@pytest.mark.django_db
def test_assign_needs_a_department_or_a_deputy(county_user):
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    with pytest.raises(ApplicationError, match="请指定承办部门或承办代表"):
        services.opinion_assign(actor=county_user, item=item)
    item.refresh_from_db()
    assert item.status == OpinionStatus.REGISTERED


@pytest.mark.django_db
def test_closed_item_cannot_be_reassigned_only_reopened_with_a_reason(county_user):
    item = _closed_item(county_user)

    with pytest.raises(ApplicationError, match="当前状态为“已办结”"):
        services.opinion_assign(actor=county_user, item=item, unit="另一个部门")
    with pytest.raises(ApplicationError, match="重新办理须说明理由"):
        services.opinion_reopen(actor=county_user, item=item, reason="  ")

    item = services.opinion_reopen(actor=county_user, item=item, reason="群众反映路灯又坏了")
    assert item.status == OpinionStatus.ASSIGNED
    assert item.reopen_count == 1
    assert item.closed_at is None
    last = item.transitions.last()
    assert (last.from_status, last.to_status, last.note) == ("closed", "assigned", "群众反映路灯又坏了")


@pytest.mark.django_db
def test_only_closed_items_can_be_reopened(county_user):
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    with pytest.raises(ApplicationError, match="不能重新办理"):
        services.opinion_reopen(actor=county_user, item=item, reason="理由")


@pytest.mark.django_db
def test_unsatisfied_resident_rating_sends_item_back_for_rehandling(county_user):
    item = _closed_item(county_user)

    services.opinion_rate_public(tracking_code=item.tracking_code, rating=Rating.UNSATISFIED, comment="还是没修好")

    item.refresh_from_db()
    assert item.status == OpinionStatus.ASSIGNED
    assert item.reopen_count == 1
    last = item.transitions.last()
    assert last.actor is None and "不满意" in last.note and "还是没修好" in last.note


@pytest.mark.django_db
def test_satisfied_rating_is_kept_and_can_be_given_only_once(county_user):
    item = _closed_item(county_user)
    services.opinion_rate_public(tracking_code=item.tracking_code, rating=Rating.SATISFIED)
    item.refresh_from_db()
    assert (item.status, item.rating) == (OpinionStatus.CLOSED, Rating.SATISFIED)

    with pytest.raises(ApplicationError, match="已评价过"):
        services.opinion_rate_public(tracking_code=item.tracking_code, rating=Rating.UNSATISFIED)


@pytest.mark.django_db
def test_rating_before_closing_is_rejected(county_user):
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    with pytest.raises(ApplicationError, match="办结后才能评价"):
        services.opinion_rate_public(tracking_code=item.tracking_code, rating=Rating.SATISFIED)


@pytest.mark.django_db
def test_public_submission_waits_for_registration(county_user):
    station = StationFactory()
    item = services.opinion_submit_public(station=station, deputy=None, data=DATA)
    assert item.status == OpinionStatus.PENDING
    with pytest.raises(ApplicationError, match="当前状态为“待登记”"):
        services.opinion_assign(actor=county_user, item=item, unit="城管局")

    services.opinion_register(actor=county_user, item=item)
    item.refresh_from_db()
    assert item.status == OpinionStatus.REGISTERED
    assert item.received_by == county_user


@pytest.mark.django_db
def test_assigned_deputy_can_record_handling_but_another_deputy_cannot(county_user):
    deputy_user = UserFactory(role=Role.DEPUTY, region=None)
    deputy = DeputyFactory(person__user=deputy_user)
    other_user = UserFactory(role=Role.DEPUTY, region=None)
    DeputyFactory(person__user=other_user)
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    services.opinion_assign(actor=county_user, item=item, deputy=deputy)

    with pytest.raises(PermissionDenied):
        services.opinion_handle(actor=other_user, item=item, result="我来办")
    services.opinion_handle(actor=deputy_user, item=item, result="已协调社区处理")

    item.refresh_from_db()
    assert item.status == OpinionStatus.HANDLED
    assert item.transitions.last().actor == deputy_user
    # The deputy was told the item was handed to them.
    assert deputy_user.notifications.filter(title__contains="路灯损坏").exists()


@pytest.mark.django_db
def test_deputy_cannot_supervise_or_close(county_user):
    deputy_user = UserFactory(role=Role.DEPUTY, region=None)
    deputy = DeputyFactory(person__user=deputy_user)
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    services.opinion_assign(actor=county_user, item=item, deputy=deputy)
    services.opinion_handle(actor=deputy_user, item=item, result="已处理")
    with pytest.raises(PermissionDenied):
        services.opinion_supervise(actor=deputy_user, item=item, note="自己督办自己")


@pytest.mark.django_db
def test_staff_of_another_county_cannot_move_an_item(county_user, other_county_user):
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    with pytest.raises(PermissionDenied):
        services.opinion_assign(actor=other_county_user, item=item, unit="鄞州区城管局")
    item.refresh_from_db()
    assert item.status == OpinionStatus.REGISTERED


@pytest.mark.django_db
def test_staff_cannot_record_an_item_at_a_station_outside_their_jurisdiction(other_county_user):
    with pytest.raises(PermissionDenied):
        services.opinion_create(actor=other_county_user, station=StationFactory(), data=DATA)
    assert not OpinionItem.objects.exists()


# Due dates and overdue flags, in Asia/Shanghai dates
# ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_step_deadline_crosses_the_month_end(county_user):
    with time_machine.travel(datetime.datetime(2026, 1, 29, 10, 0, tzinfo=SHANGHAI), tick=False):
        item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    assert item.step_due_date == datetime.date(2026, 2, 1)  # 3 days to assign

    with time_machine.travel(datetime.datetime(2026, 1, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        services.opinion_assign(actor=county_user, item=item, unit="城管局")
    item.refresh_from_db()
    assert item.step_due_date == datetime.date(2026, 2, 4)  # 15 days to handle


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("registered", "due"),
    [
        (datetime.datetime(2024, 2, 26, 9, 0, tzinfo=SHANGHAI), datetime.date(2024, 2, 29)),  # leap year
        (datetime.datetime(2025, 2, 26, 9, 0, tzinfo=SHANGHAI), datetime.date(2025, 3, 1)),
    ],
)
def test_deadline_in_february_of_leap_and_common_years(county_user, registered, due):
    with time_machine.travel(registered, tick=False):
        item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    assert item.step_due_date == due


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        # 23:30 on Jan 31 in Shanghai is still the due day (15:30 UTC).
        (datetime.datetime(2026, 1, 31, 23, 30, tzinfo=SHANGHAI), False),
        # 00:30 on Feb 1 in Shanghai is already overdue, although it is Jan 31 in UTC.
        (datetime.datetime(2026, 2, 1, 0, 30, tzinfo=SHANGHAI), True),
        (datetime.datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI), True),
    ],
)
def test_overdue_is_decided_on_shanghai_dates_across_the_month_end(now, overdue):
    item = OpinionItemFactory(step_due_date=datetime.date(2026, 1, 31))
    OpinionItemFactory(step_due_date=datetime.date(2026, 1, 31), status=OpinionStatus.CLOSED)
    with time_machine.travel(now, tick=False):
        assert list(OpinionItem.objects.overdue()) == ([item] if overdue else [])
        flagged = OpinionItem.objects.with_due_flags().get(pk=item.pk)
        assert flagged.is_overdue is overdue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "due_soon", "overdue"),
    [
        (datetime.date(2024, 2, 27), True, False),  # due in 2 days
        (datetime.date(2024, 2, 29), True, False),  # due today (leap day)
        (datetime.date(2024, 3, 1), False, True),
    ],
)
def test_due_soon_and_overdue_around_leap_day(today, due_soon, overdue):
    item = OpinionItemFactory(step_due_date=datetime.date(2024, 2, 29))
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12), tzinfo=SHANGHAI), tick=False):
        assert OpinionItem.objects.due_soon().filter(pk=item.pk).exists() is due_soon
        assert OpinionItem.objects.overdue().filter(pk=item.pk).exists() is overdue


# Concurrency
# ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_on_one_item_cannot_both_win(county_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    item = services.opinion_create(actor=county_user, station=StationFactory(), data=DATA)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def assign(unit: str) -> None:
        try:
            barrier.wait(timeout=5)
            services.opinion_assign(actor=county_user, item=OpinionItem(pk=item.pk), unit=unit)
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.message)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=assign, args=(unit,)) for unit in ("城管局", "住建局")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes, key=lambda o: o != "ok")[0] == "ok"
    assert outcomes.count("ok") == 1
    assert "当前状态为“已交办”" in next(o for o in outcomes if o != "ok")
    assert OpinionTransition.objects.filter(item_id=item.pk, to_status=OpinionStatus.ASSIGNED).count() == 1
