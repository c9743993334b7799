"""Duty reports: the four steps, secret ballots (one per member) and shares counted from ballots."""

import datetime

import pytest

from accounts.choices import Role
from core.exceptions import ApplicationError
from personnel import selectors, services
from personnel.choices import DutyReportStatus, Grade
from personnel.models import DutyReport, EvaluationParticipation, EvaluationTally
from tests.factories import UserFactory
from tests.personnel.factories import CommitteeMemberFactory, DutyReportFactory, SessionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def evaluating_report(actor) -> DutyReport:
    report = DutyReportFactory()
    services.duty_report_preliminary_review(actor=actor, report=report, reviewed_on=D(2026, 6, 1), opinion="同意提交")
    services.duty_report_chairpersons_review(actor=actor, report=report, reviewed_on=D(2026, 6, 10), opinion="同意")
    session = SessionFactory(congress=report.congress, held_on=D(2026, 6, 25))
    return services.duty_report_open_evaluation(actor=actor, report=report, session=session)


def member_user(congress):
    user = UserFactory(role=Role.DEPUTY, region=None, is_staff=False)
    CommitteeMemberFactory(congress=congress, user=user)
    return user


def test_a_report_goes_through_the_four_steps_and_can_be_reported_upward(province_user):
    report = evaluating_report(province_user)
    voter = member_user(report.congress)
    services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.EXCELLENT)
    report = services.duty_report_close_evaluation(actor=province_user, report=report)
    report = services.duty_report_give_feedback(
        actor=province_user, report=report, feedback_on=D(2026, 7, 5), feedback="测评优秀，建议加强调查研究。"
    )
    report = services.duty_report_report_upward(
        actor=province_user, report=report, reported_on=D(2026, 7, 10), note="报省委组织部"
    )

    assert report.status == DutyReportStatus.REPORTED
    assert [e.to_status for e in report.events.all()] == [
        "preliminary_reviewed",
        "chairpersons_reviewed",
        "evaluating",
        "evaluated",
        "feedback_given",
        "reported",
    ]


def test_a_member_votes_once(province_user):
    report = evaluating_report(province_user)
    voter = member_user(report.congress)
    services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.COMPETENT)
    with pytest.raises(ApplicationError, match="每人只能投一票"):
        services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.EXCELLENT)
    assert selectors.evaluation_result(report=report)["total"] == 1
    assert EvaluationParticipation.objects.filter(report=report).count() == 1


def test_only_members_of_the_committee_vote(province_user):
    report = evaluating_report(province_user)
    with pytest.raises(ApplicationError, match="不是本届常委会组成人员"):
        services.evaluation_cast_ballot(actor=province_user, report=report, grade=Grade.EXCELLENT)


def test_ballots_are_refused_outside_the_evaluation(province_user):
    report = DutyReportFactory()
    voter = member_user(report.congress)
    with pytest.raises(ApplicationError, match="测评尚未开始或已经结束"):
        services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.EXCELLENT)


def test_nothing_stored_links_a_member_to_their_choice(province_user):
    report = evaluating_report(province_user)
    first, second = member_user(report.congress), member_user(report.congress)
    services.evaluation_cast_ballot(actor=first, report=report, grade=Grade.EXCELLENT)
    services.evaluation_cast_ballot(actor=second, report=report, grade=Grade.INCOMPETENT)

    # Who voted is known; the counters hold only numbers per grade, without member or time.
    assert {p.member.user for p in EvaluationParticipation.objects.filter(report=report)} == {first, second}
    tally_fields = {f.name for f in EvaluationTally._meta.get_fields()}
    assert tally_fields == {"id", "report", "channel", "grade", "count"}
    participation_fields = {f.name for f in EvaluationParticipation._meta.get_fields()}
    assert participation_fields == {"id", "report", "member"}
    # No history row names a voter either.
    assert not report.events.filter(actor__in=[first, second]).exists()


def test_shares_are_counted_from_online_and_paper_ballots(province_user):
    report = evaluating_report(province_user)
    for grade in [Grade.EXCELLENT, Grade.EXCELLENT, Grade.COMPETENT]:
        services.evaluation_cast_ballot(actor=member_user(report.congress), report=report, grade=grade)
    services.evaluation_enter_paper_totals(
        actor=province_user, report=report, counts={"excellent": 9, "competent": 4, "basic": 1, "incompetent": 1}
    )

    result = selectors.evaluation_result(report=report)

    assert result["total"] == 18
    assert result["online_total"] == 3 and result["paper_total"] == 15
    assert result["excellent_count"] == 11
    assert result["excellent_share"] == pytest.approx(11 * 100 / 18)
    assert result["competent_share"] == pytest.approx(5 * 100 / 18)
    assert result["approval_share"] == pytest.approx(16 * 100 / 18)
    listed = DutyReport.objects.filter(pk=report.pk).with_results().get()
    assert listed.ballots_total == 18
    assert listed.basic_share == pytest.approx(100 / 18)


def test_paper_totals_entered_again_replace_the_earlier_entry(province_user):
    report = evaluating_report(province_user)
    services.evaluation_enter_paper_totals(actor=province_user, report=report, counts={"excellent": 40})
    services.evaluation_enter_paper_totals(actor=province_user, report=report, counts={"excellent": 30, "competent": 5})
    result = selectors.evaluation_result(report=report)
    assert (result["excellent_count"], result["competent_count"], result["total"]) == (30, 5, 35)


def test_an_evaluation_without_ballots_cannot_be_closed(province_user):
    report = evaluating_report(province_user)
    with pytest.raises(ApplicationError, match="尚无测评票"):
        services.duty_report_close_evaluation(actor=province_user, report=report)


def test_members_see_only_open_evaluations_of_their_congress(province_user):
    report = evaluating_report(province_user)
    other = DutyReportFactory(congress=report.congress)  # not yet evaluating
    voter = member_user(report.congress)
    assert list(DutyReport.objects.visible_to(voter)) == [report]
    assert other not in DutyReport.objects.visible_to(voter)
    assert list(selectors.ballots_pending(user=voter)) == [report]
    services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.COMPETENT)
    assert list(selectors.ballots_pending(user=voter)) == []


def test_membership_does_not_repeat_rows_for_staff(province_user):
    report = evaluating_report(province_user)
    for _ in range(3):
        member_user(report.congress)
    assert DutyReport.objects.visible_to(province_user).count() == 1


def test_a_city_reporting_upward_notifies_the_province(city_user, province_user):
    from core.models import Notification
    from tests.personnel.factories import congress_for

    report = DutyReportFactory(congress=congress_for("330100"), person_name="韩梅")
    services.duty_report_preliminary_review(actor=city_user, report=report, reviewed_on=D(2026, 6, 1), opinion="同意")
    services.duty_report_chairpersons_review(actor=city_user, report=report, reviewed_on=D(2026, 6, 2), opinion="同意")
    session = SessionFactory(congress=report.congress)
    services.duty_report_open_evaluation(actor=city_user, report=report, session=session)
    services.evaluation_enter_paper_totals(actor=city_user, report=report, counts={"excellent": 30})
    services.duty_report_close_evaluation(actor=city_user, report=report)
    services.duty_report_give_feedback(actor=city_user, report=report, feedback_on=D(2026, 7, 1), feedback="优秀")
    services.duty_report_report_upward(actor=city_user, report=report, reported_on=D(2026, 7, 2), note="报省人大")

    note = Notification.objects.get(recipient=province_user)
    assert "杭州市" in note.title and "韩梅" in note.title
    assert note.url == report.get_absolute_url()
    assert not Notification.objects.filter(recipient=city_user).exists()


def test_a_member_who_can_see_the_report_cannot_run_its_steps(client, province_user):
    from django.core.exceptions import PermissionDenied

    report = evaluating_report(province_user)
    voter = member_user(report.congress)
    services.evaluation_cast_ballot(actor=voter, report=report, grade=Grade.EXCELLENT)
    with pytest.raises(PermissionDenied):
        services.duty_report_close_evaluation(actor=voter, report=report)
    with pytest.raises(PermissionDenied):
        services.evaluation_enter_paper_totals(actor=voter, report=report, counts={"excellent": 99})
    client.force_login(voter)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "结束测评并计票" not in page
    assert client.post(f"{report.get_absolute_url()}close-evaluation/").status_code == 403
    report.refresh_from_db()
    assert report.status == DutyReportStatus.EVALUATING
