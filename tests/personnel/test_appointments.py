"""Appointment cases: exam gate, vote majority, letter, oath after the vote, history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ApplicationError
from personnel import services
from personnel.choices import AppointmentStatus, NominatingBody
from tests.personnel.factories import AppointmentCaseFactory, SessionFactory, congress_for

pytestmark = pytest.mark.django_db

D = datetime.date


def approved_case(actor, *, exam_score: str | None = "86", votes_for: int = 50):
    case = AppointmentCaseFactory()
    session = SessionFactory(congress=case.congress, held_on=D(2026, 3, 26))
    if exam_score is not None:
        services.appointment_case_record_exam(
            actor=actor, case=case, exam_date=D(2026, 3, 20), score=Decimal(exam_score), pass_mark=Decimal("60")
        )
    services.appointment_case_submit_for_review(actor=actor, case=case, session=session)
    return services.appointment_case_record_vote(
        actor=actor,
        case=case,
        vote_date=D(2026, 3, 26),
        members_total=60,
        votes_for=votes_for,
        votes_against=2,
        votes_abstain=1,
    )


def test_a_case_goes_from_nomination_to_oath_and_keeps_its_history(province_user):
    case = services.appointment_case_create(
        actor=province_user,
        congress=congress_for("330000"),
        nominee_name="周建华",
        nominee_gender="male",
        post="浙江省交通运输厅厅长",
        nominating_body=NominatingBody.GOVERNMENT,
        submitted_on=D(2026, 3, 10),
    )
    session = SessionFactory(congress=case.congress)
    services.appointment_case_record_exam(
        actor=province_user, case=case, exam_date=D(2026, 3, 20), score=Decimal("88"), pass_mark=Decimal("60")
    )
    services.appointment_case_submit_for_review(actor=province_user, case=case, session=session)
    case = services.appointment_case_record_vote(
        actor=province_user,
        case=case,
        vote_date=D(2026, 3, 26),
        members_total=60,
        votes_for=55,
        votes_against=1,
        votes_abstain=2,
    )
    assert case.status == AppointmentStatus.APPROVED
    case = services.appointment_case_issue_letter(
        actor=province_user, case=case, letter_number="浙人大常任〔2026〕5号", issued_on=D(2026, 3, 26)
    )
    case = services.appointment_case_record_oath(
        actor=province_user, case=case, oath_date=D(2026, 3, 26), oath_place="省人大常委会会议厅"
    )

    assert case.status == AppointmentStatus.SWORN
    steps = [(e.from_status, e.to_status) for e in case.events.all()]
    assert steps == [
        ("", "registered"),
        ("registered", "registered"),  # the exam, recorded without a status change
        ("registered", "under_review"),
        ("under_review", "approved"),
        ("approved", "appointed"),
        ("appointed", "sworn"),
    ]
    assert "88" in case.events.all()[1].note
    assert all(e.actor == province_user for e in case.events.all())


def test_no_appointment_without_an_exam(province_user):
    case = approved_case(province_user, exam_score=None)
    with pytest.raises(ApplicationError, match="尚未记录任前法律知识考试成绩"):
        services.appointment_case_issue_letter(
            actor=province_user, case=case, letter_number="1号", issued_on=D(2026, 3, 26)
        )
    case.refresh_from_db()
    assert case.status == AppointmentStatus.APPROVED
    assert case.letter_number == ""


def test_no_appointment_after_a_failed_exam_until_it_is_retaken(province_user):
    case = approved_case(province_user, exam_score="52")
    assert case.exam_passed is False
    with pytest.raises(ApplicationError, match="任前法律知识考试不合格"):
        services.appointment_case_issue_letter(
            actor=province_user, case=case, letter_number="1号", issued_on=D(2026, 3, 27)
        )

    services.appointment_case_record_exam(
        actor=province_user, case=case, exam_date=D(2026, 3, 27), score=Decimal("75"), pass_mark=Decimal("60")
    )
    case = services.appointment_case_issue_letter(
        actor=province_user, case=case, letter_number="1号", issued_on=D(2026, 3, 27)
    )
    assert case.status == AppointmentStatus.APPOINTED


def test_the_oath_cannot_be_recorded_before_the_vote(province_user):
    case = AppointmentCaseFactory()
    services.appointment_case_submit_for_review(actor=province_user, case=case, session=SessionFactory())
    with pytest.raises(ApplicationError, match="须在常委会表决通过后"):
        services.appointment_case_record_oath(
            actor=province_user, case=case, oath_date=D(2026, 3, 26), oath_place="会议厅"
        )
    case.refresh_from_db()
    assert case.oath_date is None


def test_the_oath_date_cannot_precede_the_vote(province_user):
    case = approved_case(province_user)
    services.appointment_case_issue_letter(
        actor=province_user, case=case, letter_number="2号", issued_on=D(2026, 3, 26)
    )
    with pytest.raises(ApplicationError, match="宣誓日期不能早于表决日期") as exc:
        services.appointment_case_record_oath(
            actor=province_user, case=case, oath_date=D(2026, 3, 25), oath_place="会议厅"
        )
    assert exc.value.field == "oath_date"


def test_a_rejected_case_takes_no_oath(province_user):
    case = approved_case(province_user, votes_for=30)  # 30 of 60 is not more than half
    assert case.status == AppointmentStatus.REJECTED
    with pytest.raises(ApplicationError, match="未获通过"):
        services.appointment_case_record_oath(
            actor=province_user, case=case, oath_date=D(2026, 3, 26), oath_place="会议厅"
        )


def test_a_case_passes_with_more_than_half_of_all_members_not_of_those_present(province_user):
    assert approved_case(province_user, votes_for=31).status == AppointmentStatus.APPROVED
    assert approved_case(province_user, votes_for=30).status == AppointmentStatus.REJECTED


def test_votes_cannot_exceed_the_number_of_members(province_user):
    case = AppointmentCaseFactory()
    services.appointment_case_submit_for_review(actor=province_user, case=case, session=SessionFactory())
    with pytest.raises(ApplicationError, match="不能超过组成人员总数"):
        services.appointment_case_record_vote(
            actor=province_user,
            case=case,
            vote_date=D(2026, 3, 26),
            members_total=10,
            votes_for=9,
            votes_against=2,
            votes_abstain=0,
        )


def test_steps_out_of_order_are_refused(province_user):
    case = AppointmentCaseFactory()
    with pytest.raises(ApplicationError, match="当前状态为“已提请”，不能颁发任命书"):
        services.appointment_case_issue_letter(
            actor=province_user, case=case, letter_number="3号", issued_on=D(2026, 3, 26)
        )


def test_a_letter_number_is_used_once_per_congress(province_user):
    first = approved_case(province_user)
    services.appointment_case_issue_letter(
        actor=province_user, case=first, letter_number="4号", issued_on=D(2026, 3, 26)
    )
    second = approved_case(province_user)
    with pytest.raises(ApplicationError, match="任命书编号已被使用"):
        services.appointment_case_issue_letter(
            actor=province_user, case=second, letter_number="4号", issued_on=D(2026, 3, 26)
        )


def test_a_session_of_another_congress_is_refused(province_user):
    case = AppointmentCaseFactory()
    with pytest.raises(ApplicationError, match="所选会议不属于该人民代表大会"):
        services.appointment_case_submit_for_review(
            actor=province_user, case=case, session=SessionFactory(congress=congress_for("330100"))
        )


def test_staff_cannot_file_or_move_cases_outside_their_jurisdiction(city_user):
    with pytest.raises(PermissionDenied):
        services.appointment_case_create(
            actor=city_user,
            congress=congress_for("330000"),
            nominee_name="钱伟",
            nominee_gender="male",
            post="浙江省财政厅厅长",
            nominating_body=NominatingBody.GOVERNMENT,
            submitted_on=D(2026, 3, 10),
        )
    case = AppointmentCaseFactory()  # a provincial case
    with pytest.raises(PermissionDenied):
        services.appointment_case_withdraw(actor=city_user, case=case, note="越权")
    case.refresh_from_db()
    assert case.status == AppointmentStatus.REGISTERED
