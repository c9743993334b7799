"""Personnel's declared workflows: who may take each step, and fact steps that keep the status."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.choices import Role
from core.models import AuditEvent
from core.rights import action_names, can
from core.workflow import workflow_for
from personnel import services
from personnel.choices import AppointmentStatus, DutyReportStatus, RectificationStatus, ReviewPlanStatus
from personnel.models import AppointmentCase, ReviewedHead, ReviewPlan
from tests.factories import UserFactory, region
from tests.personnel.factories import AppointmentCaseFactory, DutyReportFactory, ReviewPlanFactory, congress_for
from tests.personnel.test_duty_reports import evaluating_report, member_user

pytestmark = pytest.mark.django_db

D = datetime.date


def _city_case() -> AppointmentCase:
    return AppointmentCaseFactory(congress=congress_for("330100"))


@pytest.mark.parametrize(
    "make",
    [
        lambda: AppointmentCaseFactory(congress=congress_for("330100")),
        lambda: DutyReportFactory(congress=congress_for("330100")),
        lambda: ReviewPlanFactory(congress=congress_for("330100")),
    ],
    ids=["case", "report", "plan"],
)
def test_each_transition_is_for_staff_of_the_congress_and_above(
    make, province_user, city_user, county_user, other_county_user
):
    """Every step of a 杭州市 record: the city's office and the province's may; a county below, another
    city's county, a deputy and an administrator may not."""
    obj = make()
    deputy = UserFactory(role=Role.DEPUTY, region=None, is_staff=False)
    admin = UserFactory(role=Role.SYSTEM_ADMIN, region=region("330000"))
    for step in workflow_for(obj).transitions:
        for source in step.sources:
            obj.status = source  # an unsaved object: rights read the status they are given
            assert can(province_user, step.name, obj), (step.name, source)
            assert can(city_user, step.name, obj), (step.name, source)
            for other in (county_user, other_county_user, deputy, admin):
                assert not can(other, step.name, obj), (step.name, source, other.username)


def test_staff_of_the_congress_and_above_may_move_a_case_others_may_not(
    province_user, city_user, county_user, other_county_user
):
    case = _city_case()  # 杭州市 congress
    for name in ("exam", "submit", "withdraw"):
        assert can(province_user, name, case), name  # the province is above the city
        assert can(city_user, name, case), name
        assert not can(county_user, name, case), name  # a county below the city does not move its cases
        assert not can(other_county_user, name, case), name
    # Not offered in the wrong status, even to the right staff.
    for name in ("approve", "reject", "issue_letter", "oath"):
        assert not can(city_user, name, case), name


def test_a_deputy_or_an_administrator_takes_no_step(city_user):
    case = _city_case()
    deputy = UserFactory(role=Role.DEPUTY, region=None, is_staff=False)
    admin = UserFactory(role=Role.SYSTEM_ADMIN, region=region("330000"))
    assert action_names(deputy, case) == set()
    assert action_names(admin, case) == set()
    assert action_names(city_user, case) == {"exam", "submit", "withdraw"}


def test_a_county_cannot_withdraw_a_city_case_it_cannot_even_see(county_user):
    case = _city_case()
    with pytest.raises(PermissionDenied):
        services.appointment_case_withdraw(actor=county_user, case=case, note="越权")
    case.refresh_from_db()
    assert case.status == AppointmentStatus.REGISTERED


def test_a_member_may_cast_a_ballot_but_take_no_step_of_the_report(province_user):
    report = evaluating_report(province_user)
    voter = member_user(report.congress)
    assert action_names(voter, report) == {"ballot"}
    assert action_names(province_user, report) == {"paper_totals", "close_evaluation"}  # staff cast no ballot
    for name in ("paper_totals", "close_evaluation"):
        assert not can(voter, name, report)
    with pytest.raises(PermissionDenied):
        services.duty_report_close_evaluation(actor=voter, report=report)
    report.refresh_from_db()
    assert report.status == DutyReportStatus.EVALUATING


def test_a_fact_step_keeps_the_status_and_writes_one_history_row_and_one_audit_event(province_user):
    case = AppointmentCaseFactory()
    events_before = case.events.count()
    audits_before = AuditEvent.objects.filter(action="transition").count()

    case = services.appointment_case_record_exam(
        actor=province_user, case=case, exam_date=D(2026, 3, 20), score=Decimal("72"), pass_mark=Decimal("60")
    )

    case.refresh_from_db()
    assert case.status == AppointmentStatus.REGISTERED and case.exam_passed is True
    assert case.events.count() == events_before + 1
    event = case.events.latest("pk")
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "exam",
        AppointmentStatus.REGISTERED,
        AppointmentStatus.REGISTERED,
        province_user,
    )
    assert not event.is_transition
    assert AuditEvent.objects.filter(action="transition").count() == audits_before + 1
    audit = AuditEvent.objects.filter(action="transition").latest("pk")
    assert audit.detail == {"action": "exam", "from": "registered", "to": "registered"}


def test_paper_totals_are_a_fact_of_the_evaluation(province_user):
    report = evaluating_report(province_user)
    audits_before = AuditEvent.objects.filter(action="transition").count()
    services.evaluation_enter_paper_totals(actor=province_user, report=report, counts={"excellent": 2})
    event = report.events.latest("pk")
    assert (event.action, event.from_status, event.to_status) == ("paper_totals", "evaluating", "evaluating")
    assert AuditEvent.objects.filter(action="transition").count() == audits_before + 1


def _ranked_plan(actor) -> tuple[ReviewPlan, ReviewedHead]:
    plan = ReviewPlanFactory()
    item = services.review_plan_add_item(actor=actor, plan=plan, name="工作实绩", max_score=Decimal("100"))
    head = services.review_plan_add_head(actor=actor, plan=plan, name="甲", department="交通局", post="局长")
    services.review_plan_start_survey(actor=actor, plan=plan)
    services.review_plan_start_scoring(actor=actor, plan=plan)
    services.review_head_record_scores(actor=actor, head=head, scores={item.pk: Decimal("80")})
    plan = services.review_plan_rank(actor=actor, plan=plan)
    return plan, ReviewedHead.objects.get(pk=head.pk)


def test_a_heads_rectification_moves_through_its_own_workflow(province_user, city_user):
    plan, head = _ranked_plan(province_user)
    assert plan.status == ReviewPlanStatus.RANKED
    assert can(province_user, "rectification", head) and not can(city_user, "rectification", head)
    assert not can(province_user, "scores", head)  # scoring is over once the plan is ranked

    head = services.review_head_record_rectification(
        actor=province_user, head=head, status=RectificationStatus.REQUIRED, requirement="限期整改"
    )
    assert head.rectification_status == RectificationStatus.REQUIRED
    moved = head.events.latest("pk")
    assert (moved.action, moved.from_status, moved.to_status) == (
        "rectification_required",
        RectificationStatus.NOT_REQUIRED,
        RectificationStatus.REQUIRED,
    )

    head = services.review_head_record_rectification(
        actor=province_user, head=head, status=RectificationStatus.REQUIRED, report="已制定整改方案"
    )
    kept = head.events.latest("pk")
    assert (kept.action, kept.from_status, kept.to_status) == ("rectification", "required", "required")
    head.refresh_from_db()
    assert (head.rectification_requirement, head.rectification_report) == ("限期整改", "已制定整改方案")


def test_the_plan_page_offers_head_steps_only_to_its_staff(login, province_user, city_user):
    plan, head = _ranked_plan(province_user)
    step_url = reverse("personnel:head_step", args=[head.pk, "rectification"])
    assert step_url in login(province_user).get(plan.get_absolute_url()).content.decode()
    assert login(city_user).get(plan.get_absolute_url()).status_code == 404  # a provincial plan
    assert login(province_user).get(reverse("personnel:head_step", args=[head.pk, "scores"])).status_code == 403
