"""Row locks: concurrent requests cannot both pass a step's checks (PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from core.exceptions import ApplicationError
from personnel import selectors, services
from personnel.choices import AppointmentStatus, Grade
from tests.personnel.test_appointments import approved_case
from tests.personnel.test_duty_reports import evaluating_report, member_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls) -> list[Exception]:
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except ApplicationError as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_a_double_submitted_ballot_counts_once(province_user):
    report = evaluating_report(province_user)
    voter = member_user(report.congress)

    errors = race(
        lambda: services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.EXCELLENT),
        lambda: services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.INCOMPETENT),
    )

    assert len(errors) == 1 and "只能投一票" in errors[0].message
    assert selectors.evaluation_result(report=report)["total"] == 1


def test_two_members_voting_at_once_are_both_counted(province_user):
    report = evaluating_report(province_user)
    first, second = member_user(report.congress), member_user(report.congress)

    errors = race(
        lambda: services.evaluation_cast_ballot(actor=first, report=report, grade=Grade.EXCELLENT),
        lambda: services.evaluation_cast_ballot(actor=second, report=report, grade=Grade.EXCELLENT),
    )

    assert errors == []
    assert selectors.evaluation_result(report=report)["excellent_count"] == 2


def test_a_letter_is_issued_once_under_concurrent_submits(province_user):
    case = approved_case(province_user)

    errors = race(
        lambda: services.appointment_case_issue_letter(
            actor=province_user, case=case, letter_number="甲号", issued_on=case.vote_date
        ),
        lambda: services.appointment_case_issue_letter(
            actor=province_user, case=case, letter_number="乙号", issued_on=case.vote_date
        ),
    )

    case.refresh_from_db()
    assert len(errors) == 1
    assert case.status == AppointmentStatus.APPOINTED
    assert case.events.filter(to_status=AppointmentStatus.APPOINTED).count() == 1
