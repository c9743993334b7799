"""Writes for personnel work: one service per step, each in a transaction with a history row.

Appointment cases: exam, review, vote, letter, oath. Duty reports: four
review steps with a secret democratic evaluation. Reviews of department
heads: survey, scores, ranking, rectification.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum, Window
from django.db.models.functions import Rank
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import STAFF_ROLES
from accounts.models import User
from core.exceptions import ApplicationError
from core.rights import require
from core.scoping import ensure_in_scope, ensure_region_in_scope
from core.services import notification_send
from core.workflow import lock, move

from .choices import AppointmentStatus, BallotChannel, DutyReportStatus, Grade, RectificationStatus, ReviewPlanStatus
from .models import (
    AppointmentCase,
    CommitteeMember,
    DutyReport,
    EvaluationParticipation,
    EvaluationTally,
    ReviewedHead,
    ReviewItem,
    ReviewPlan,
    ReviewScore,
    StandingCommitteeSession,
)
from .models.committee import ACCOUNT_MISFIT, member_account_fits
from .workflow import CASE_FLOW, HEAD_FLOW, PLAN_FLOW, RECTIFY_TO, REPORT_FLOW

if TYPE_CHECKING:
    from deputies.models import Congress


# Shared steps
# ------------------------------------------------------------------------------


def _record_creation(obj, *, actor: User, note: str = "") -> None:
    """The first line of a record's history; every later one is written by ``core.workflow.move``."""
    obj.events.create(actor=actor, action="create", from_status="", to_status=obj.status, note=note)


def _check_session(congress: Congress, session: StandingCommitteeSession | None) -> None:
    if session is not None and session.congress_id != congress.pk:
        raise ApplicationError(_("所选会议不属于该人民代表大会。"), field="session")


def _not_before(later: date, earlier: date | None, *, field: str, message: str) -> None:
    if earlier is not None and later < earlier:
        raise ApplicationError(message, field=field)


# Reference data: sessions and the member roster
# ------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, actor: User, congress: Congress, number: int, held_on: date) -> StandingCommitteeSession:
    ensure_region_in_scope(actor, congress.region)
    if StandingCommitteeSession.objects.filter(congress=congress, number=number).exists():
        raise ApplicationError(_("该次会议已登记。"), field="number")
    session = StandingCommitteeSession.objects.create(congress=congress, number=number, held_on=held_on)
    ensure_in_scope(actor, session)
    return session


def _ensure_member_account_fits(congress: Congress, user: User | None) -> None:
    if not member_account_fits(congress, user):
        raise ApplicationError(ACCOUNT_MISFIT, field="user")


@transaction.atomic
def committee_member_create(
    *, actor: User, congress: Congress, name: str, position: str, user: User | None = None
) -> CommitteeMember:
    ensure_region_in_scope(actor, congress.region)
    _ensure_member_account_fits(congress, user)
    if user is not None and CommitteeMember.objects.filter(congress=congress, user=user).exists():
        raise ApplicationError(_("该账号已关联本届常委会的另一名组成人员。"), field="user")
    member = CommitteeMember.objects.create(congress=congress, name=name, position=position, user=user)
    ensure_in_scope(actor, member)
    return member


@transaction.atomic
def reference_save(*, actor: User, obj: StandingCommitteeSession | CommitteeMember) -> None:
    """Save a session or roster row edited in the admin, within the editor's jurisdiction."""
    if isinstance(obj, CommitteeMember):
        _ensure_member_account_fits(obj.congress, obj.user)
    obj.full_clean()
    obj.save()
    ensure_in_scope(actor, obj)


# Appointment cases (任免案)
# ------------------------------------------------------------------------------


@transaction.atomic
def appointment_case_create(
    *,
    actor: User,
    congress: Congress,
    nominee_name: str,
    nominee_gender: str,
    post: str,
    nominating_body: str,
    submitted_on: date,
    nominee_current_post: str = "",
    session: StandingCommitteeSession | None = None,
) -> AppointmentCase:
    ensure_region_in_scope(actor, congress.region)
    _check_session(congress, session)
    case = AppointmentCase.objects.create(
        congress=congress,
        session=session,
        nominee_name=nominee_name,
        nominee_gender=nominee_gender,
        nominee_current_post=nominee_current_post,
        post=post,
        nominating_body=nominating_body,
        submitted_on=submitted_on,
    )
    _record_creation(case, actor=actor, note=case.get_nominating_body_display())
    ensure_in_scope(actor, case)
    return case


@transaction.atomic
def appointment_case_record_exam(
    *, actor: User, case: AppointmentCase, exam_date: date, score: Decimal, pass_mark: Decimal
) -> AppointmentCase:
    """Record the pre-appointment law exam (任前法律知识考试); a failed exam may be retaken."""
    case = lock(case)
    require(actor, "exam", case)
    if score < 0 or pass_mark <= 0:
        raise ApplicationError(_("考试成绩和合格分数线须为正数。"), field="score")
    passed = score >= pass_mark
    note = _("任前法律知识考试%(score)s分（合格线%(mark)s分）：%(result)s") % {
        "score": score,
        "mark": pass_mark,
        "result": _("合格") if passed else _("不合格"),
    }
    return move(
        CASE_FLOW,
        case,
        "exam",
        actor=actor,
        note=note,
        exam_date=exam_date,
        exam_score=score,
        exam_pass_mark=pass_mark,
        exam_passed=passed,
    )


@transaction.atomic
def appointment_case_submit_for_review(
    *, actor: User, case: AppointmentCase, session: StandingCommitteeSession, note: str = ""
) -> AppointmentCase:
    """Put the case on the agenda of a standing committee session (提请常委会会议审议)."""
    case = lock(case, related=["congress"])
    _check_session(case.congress, session)
    return move(CASE_FLOW, case, "submit", actor=actor, note=note or str(session), session=session)


@transaction.atomic
def appointment_case_record_vote(
    *,
    actor: User,
    case: AppointmentCase,
    vote_date: date,
    members_total: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    review_opinion: str = "",
) -> AppointmentCase:
    """Record the vote; a case passes with more than half of all committee members (全体组成人员过半数)."""
    case = lock(case)
    if members_total <= 0:
        raise ApplicationError(_("常委会组成人员总数须大于零。"), field="members_total")
    if votes_for + votes_against + votes_abstain > members_total:
        raise ApplicationError(_("赞成、反对、弃权票之和不能超过组成人员总数。"), field="votes_for")
    _not_before(vote_date, case.submitted_on, field="vote_date", message=_("表决日期不能早于提请日期。"))
    approved = votes_for * 2 > members_total
    note = _("组成人员%(total)s人，赞成%(yes)s票，反对%(no)s票，弃权%(abstain)s票。") % {
        "total": members_total,
        "yes": votes_for,
        "no": votes_against,
        "abstain": votes_abstain,
    }
    return move(
        CASE_FLOW,
        case,
        "approve" if approved else "reject",
        actor=actor,
        note=note,
        vote_date=vote_date,
        members_total=members_total,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        review_opinion=review_opinion,
    )


@transaction.atomic
def appointment_case_issue_letter(
    *, actor: User, case: AppointmentCase, letter_number: str, issued_on: date
) -> AppointmentCase:
    """Issue the appointment letter (任命书); only a nominee who passed the law exam is appointed."""
    case = lock(case)
    require(actor, "issue_letter", case)
    if case.exam_passed is None:
        raise ApplicationError(_("尚未记录任前法律知识考试成绩，不能任命。"))
    if not case.exam_passed:
        raise ApplicationError(_("任前法律知识考试不合格，不能任命。"))
    _not_before(issued_on, case.vote_date, field="issued_on", message=_("任命书颁发日期不能早于表决日期。"))
    letter_number = letter_number.strip()
    if AppointmentCase.objects.filter(congress=case.congress, letter_number=letter_number).exclude(pk=case.pk).exists():
        raise ApplicationError(_("任命书编号已被使用。"), field="letter_number")
    return move(
        CASE_FLOW,
        case,
        "issue_letter",
        actor=actor,
        note=letter_number,
        letter_number=letter_number,
        letter_issued_on=issued_on,
    )


@transaction.atomic
def appointment_case_record_oath(
    *, actor: User, case: AppointmentCase, oath_date: date, oath_place: str
) -> AppointmentCase:
    """Record the constitutional oath (宪法宣誓), which follows the vote."""
    case = lock(case)
    if case.status in (AppointmentStatus.REGISTERED, AppointmentStatus.UNDER_REVIEW) or case.vote_date is None:
        raise ApplicationError(_("宪法宣誓须在常委会表决通过后记录。"))
    if case.status in (AppointmentStatus.REJECTED, AppointmentStatus.WITHDRAWN):
        raise ApplicationError(_("该任免案未获通过，不能记录宪法宣誓。"))
    if case.status == AppointmentStatus.APPROVED:
        raise ApplicationError(_("请先颁发任命书，再记录宪法宣誓。"))
    _not_before(oath_date, case.vote_date, field="oath_date", message=_("宣誓日期不能早于表决日期。"))
    return move(CASE_FLOW, case, "oath", actor=actor, note=oath_place, oath_date=oath_date, oath_place=oath_place)


@transaction.atomic
def appointment_case_withdraw(*, actor: User, case: AppointmentCase, note: str) -> AppointmentCase:
    return move(CASE_FLOW, case, "withdraw", actor=actor, note=note)


# Duty reports (述职) and democratic evaluation (民主测评)
# ------------------------------------------------------------------------------


@transaction.atomic
def duty_report_create(
    *,
    actor: User,
    congress: Congress,
    year: int,
    person_name: str,
    post: str,
    special_committee: str,
    appointment: AppointmentCase | None = None,
    session: StandingCommitteeSession | None = None,
) -> DutyReport:
    ensure_region_in_scope(actor, congress.region)
    _check_session(congress, session)
    if appointment is not None and appointment.congress_id != congress.pk:
        raise ApplicationError(_("所选任免案不属于该人民代表大会。"), field="appointment")
    report = DutyReport.objects.create(
        congress=congress,
        year=year,
        person_name=person_name,
        post=post,
        special_committee=special_committee,
        appointment=appointment,
        session=session,
    )
    _record_creation(report, actor=actor, note=special_committee)
    ensure_in_scope(actor, report)
    return report


@transaction.atomic
def duty_report_preliminary_review(*, actor: User, report: DutyReport, reviewed_on: date, opinion: str) -> DutyReport:
    """Step 1: preliminary review by the special committee (专门委员会初审)."""
    return move(
        REPORT_FLOW,
        report,
        "preliminary",
        actor=actor,
        note=opinion,
        preliminary_on=reviewed_on,
        preliminary_opinion=opinion,
    )


@transaction.atomic
def duty_report_chairpersons_review(*, actor: User, report: DutyReport, reviewed_on: date, opinion: str) -> DutyReport:
    """Step 2: collective review by the chairpersons' meeting (主任会议集体审议)."""
    report = lock(report)
    _not_before(
        reviewed_on, report.preliminary_on, field="reviewed_on", message=_("主任会议审议日期不能早于初审日期。")
    )
    return move(
        REPORT_FLOW,
        report,
        "chairpersons",
        actor=actor,
        note=opinion,
        chairpersons_on=reviewed_on,
        chairpersons_opinion=opinion,
    )


@transaction.atomic
def duty_report_open_evaluation(*, actor: User, report: DutyReport, session: StandingCommitteeSession) -> DutyReport:
    """Step 3: the person reports at a session and members start to evaluate (述职并测评)."""
    report = lock(report, related=["congress"])
    _check_session(report.congress, session)
    report = move(
        REPORT_FLOW,
        report,
        "open_evaluation",
        actor=actor,
        note=str(session),
        session=session,
        evaluation_opened_at=timezone.now(),
    )
    EvaluationTally.objects.bulk_create(
        [EvaluationTally(report=report, channel=c, grade=g) for c in BallotChannel for g in Grade],
        ignore_conflicts=True,
    )
    return report


@transaction.atomic
def evaluation_cast_ballot(*, actor: User, report: DutyReport, grade: str) -> None:
    """A member's secret ballot: who voted is recorded, and apart from it a counter goes up by one.

    Nothing stores which member chose which grade, not even a time that
    could be matched; the unique participation row stops a second ballot.
    """
    report = lock(report)
    if report.status != DutyReportStatus.EVALUATING:
        raise ApplicationError(_("测评尚未开始或已经结束。"))
    if grade not in Grade.values:
        raise ApplicationError(_("请选择测评等次。"), field="grade")
    member = CommitteeMember.objects.filter(congress_id=report.congress_id, user=actor, is_active=True).first()
    if member is None:
        raise ApplicationError(_("您不是本届常委会组成人员，不能参加测评。"))
    try:
        with transaction.atomic():
            EvaluationParticipation.objects.create(report=report, member=member)
    except IntegrityError:
        raise ApplicationError(_("您已参加本次测评，每人只能投一票。")) from None
    EvaluationTally.objects.filter(report=report, channel=BallotChannel.ONLINE, grade=grade).update(
        count=F("count") + 1
    )
    ensure_in_scope(actor, report)


@transaction.atomic
def evaluation_enter_paper_totals(*, actor: User, report: DutyReport, counts: dict[str, int]) -> DutyReport:
    """Enter the totals of the paper ballots counted at the session; entering again replaces them."""
    report = lock(report)
    if report.status != DutyReportStatus.EVALUATING:
        raise ApplicationError(_("测评尚未开始或已经结束。"))
    require(actor, "paper_totals", report)
    if any(int(counts.get(grade, 0)) < 0 for grade in Grade.values):
        raise ApplicationError(_("票数不能为负数。"))
    for grade in Grade:
        EvaluationTally.objects.update_or_create(
            report=report, channel=BallotChannel.PAPER, grade=grade, defaults={"count": int(counts.get(grade, 0))}
        )
    note = _("录入纸质测评票：") + "，".join(
        _("%(grade)s%(count)s票") % {"grade": grade.label, "count": int(counts.get(grade, 0))} for grade in Grade
    )
    return move(REPORT_FLOW, report, "paper_totals", actor=actor, note=note)


@transaction.atomic
def duty_report_close_evaluation(*, actor: User, report: DutyReport) -> DutyReport:
    report = lock(report)
    require(actor, "close_evaluation", report)
    total = report.tallies.aggregate(total=Sum("count"))["total"] or 0
    if total == 0:
        raise ApplicationError(_("尚无测评票，不能结束测评。"))
    return move(
        REPORT_FLOW,
        report,
        "close_evaluation",
        actor=actor,
        note=_("共%(total)s票") % {"total": total},
        evaluation_closed_at=timezone.now(),
    )


@transaction.atomic
def duty_report_give_feedback(*, actor: User, report: DutyReport, feedback_on: date, feedback: str) -> DutyReport:
    """Step 4: feed the result and the members' opinions back to the person (反馈本人)."""
    return move(REPORT_FLOW, report, "feedback", actor=actor, note=feedback, feedback_on=feedback_on, feedback=feedback)


@transaction.atomic
def duty_report_report_upward(*, actor: User, report: DutyReport, reported_on: date, note: str = "") -> DutyReport:
    report = lock(report, related=["congress__region"])
    _not_before(reported_on, report.feedback_on, field="reported_on", message=_("上报日期不能早于反馈日期。"))
    report = move(
        REPORT_FLOW, report, "report_upward", actor=actor, note=note, reported_on=reported_on, reported_note=note
    )
    _notify_upper_level(report)
    return report


def _notify_upper_level(report: DutyReport) -> None:
    """Tell the staff of the region above (who can see the report) that a result was reported to them."""
    parent_id = report.congress.region.parent_id
    if parent_id is None:
        return  # the province reports outside the portal (e.g. to the Party committee)
    recipients = list(User.objects.filter(role__in=STAFF_ROLES, region_id=parent_id, is_active=True))
    if recipients:
        notification_send(
            recipients=recipients,
            title=_("%(region)s报送述职测评结果：%(report)s")
            % {"region": report.congress.region.name, "report": report},
            body=report.reported_note,
            url=report.get_absolute_url(),
        )


# Review of government department heads (履职评议)
# ------------------------------------------------------------------------------


def _require_plan_status(plan: ReviewPlan, *statuses: str) -> None:
    """A head's steps follow its plan's phase (a rule of HEAD_FLOW too: this says why, as a domain error)."""
    if plan.status not in statuses:
        raise ApplicationError(_("当前状态为“%(current)s”，不能办理此项。") % {"current": plan.get_status_display()})


def _lock_head(head: ReviewedHead) -> ReviewedHead:
    """The head, locked, with its plan locked first so that the plan's phase holds until commit."""
    lock(head.plan)
    return lock(head, related=["plan__congress__region"])


@transaction.atomic
def review_plan_create(
    *, actor: User, congress: Congress, year: int, title: str, survey_deadline: date | None = None, notes: str = ""
) -> ReviewPlan:
    ensure_region_in_scope(actor, congress.region)
    plan = ReviewPlan.objects.create(
        congress=congress, year=year, title=title, survey_deadline=survey_deadline, notes=notes
    )
    _record_creation(plan, actor=actor)
    ensure_in_scope(actor, plan)
    return plan


@transaction.atomic
def review_plan_add_item(*, actor: User, plan: ReviewPlan, name: str, max_score: Decimal) -> ReviewItem:
    plan = lock(plan)
    require(actor, "add_item", plan)
    if max_score <= 0:
        raise ApplicationError(_("满分须大于零。"), field="max_score")
    if plan.items.filter(name=name).exists():
        raise ApplicationError(_("该评议项目已存在。"), field="name")
    item = plan.items.create(name=name, max_score=max_score, position=plan.items.count() + 1)
    move(PLAN_FLOW, plan, "add_item", actor=actor, note=_("新增评议项目：%(name)s") % {"name": name})
    return item


@transaction.atomic
def review_plan_add_head(*, actor: User, plan: ReviewPlan, name: str, department: str, post: str) -> ReviewedHead:
    plan = lock(plan)
    require(actor, "add_head", plan)
    if plan.heads.filter(department=department).exists():
        raise ApplicationError(_("该部门已列入本次评议。"), field="department")
    head = plan.heads.create(name=name, department=department, post=post)
    note = _("列入评议对象：%(dept)s %(name)s") % {"dept": department, "name": name}
    move(PLAN_FLOW, plan, "add_head", actor=actor, note=note)
    return head


@transaction.atomic
def review_plan_start_survey(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    plan = lock(plan)
    require(actor, "start_survey", plan)
    if not plan.items.exists() or not plan.heads.exists():
        raise ApplicationError(_("请先确定评议项目和评议对象。"))
    return move(PLAN_FLOW, plan, "start_survey", actor=actor)


@transaction.atomic
def review_head_record_survey(
    *, actor: User, head: ReviewedHead, satisfied: int, basic: int, unsatisfied: int, opinions: str = ""
) -> ReviewedHead:
    """Enter the deputies' survey for one head (满意度测评和意见征集)."""
    head = _lock_head(head)
    _require_plan_status(head.plan, ReviewPlanStatus.SURVEYING)
    if min(satisfied, basic, unsatisfied) < 0:
        raise ApplicationError(_("票数不能为负数。"))
    return move(
        HEAD_FLOW,
        head,
        "survey",
        actor=actor,
        note=_("满意%(yes)s，基本满意%(basic)s，不满意%(no)s") % {"yes": satisfied, "basic": basic, "no": unsatisfied},
        survey_satisfied=satisfied,
        survey_basic=basic,
        survey_unsatisfied=unsatisfied,
        survey_opinions=opinions,
    )


@transaction.atomic
def review_plan_start_scoring(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    return move(PLAN_FLOW, plan, "start_scoring", actor=actor)


@transaction.atomic
def review_head_record_scores(*, actor: User, head: ReviewedHead, scores: dict[int, Decimal]) -> ReviewedHead:
    """Scores of one head, by item id; each between zero and the item's full marks."""
    head = _lock_head(head)
    _require_plan_status(head.plan, ReviewPlanStatus.SCORING)
    require(actor, "scores", head)
    items = {item.pk: item for item in head.plan.items.all()}
    for item_id, score in scores.items():
        item = items.get(item_id)
        if item is None:
            raise ApplicationError(_("评议项目不属于本计划。"))
        if not 0 <= score <= item.max_score:
            raise ApplicationError(
                _("“%(item)s”的得分须在0到%(max)s分之间。") % {"item": item.name, "max": item.max_score},
                field=f"item_{item_id}",
            )
        ReviewScore.objects.update_or_create(head=head, item=item, defaults={"score": score})
    note = "，".join(
        _("%(item)s%(score)s分") % {"item": items[item_id].name, "score": score} for item_id, score in scores.items()
    )
    return move(HEAD_FLOW, head, "scores", actor=actor, note=note)


@transaction.atomic
def review_plan_rank(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    """Total each head's scores and rank them in the database; equal totals share a rank."""
    plan = lock(plan)
    require(actor, "rank", plan)
    item_count = plan.items.count()
    heads = list(
        plan.heads.annotate(
            scored=models.Count("scores"),
            total=Sum("scores__score"),
            position=Window(expression=Rank(), order_by=Sum("scores__score").desc()),
        ).order_by("position", "department")
    )
    missing = [str(h) for h in heads if h.scored < item_count]
    if missing:
        raise ApplicationError(_("以下评议对象尚未完成评分：%(names)s") % {"names": "、".join(missing)})
    for head in heads:
        head.total_score = head.total
        head.rank = head.position
    ReviewedHead.objects.bulk_update(heads, ["total_score", "rank"])
    return move(PLAN_FLOW, plan, "rank", actor=actor)


@transaction.atomic
def review_head_record_rectification(
    *,
    actor: User,
    head: ReviewedHead,
    status: str,
    requirement: str = "",
    report: str = "",
    rectified_on: date | None = None,
) -> ReviewedHead:
    """Follow up the rectification a head was asked for (整改跟踪)."""
    head = _lock_head(head)
    _require_plan_status(head.plan, ReviewPlanStatus.RANKED, ReviewPlanStatus.RECTIFYING)
    if status == RectificationStatus.DONE and rectified_on is None:
        raise ApplicationError(_("请填写整改完成日期。"), field="rectified_on")
    if status != RectificationStatus.NOT_REQUIRED and not (requirement or head.rectification_requirement):
        raise ApplicationError(_("请填写整改要求。"), field="requirement")
    # The same status: the requirement or report is recorded; another: the status moves.
    name = "rectification" if status == head.rectification_status else RECTIFY_TO[status]
    return move(
        HEAD_FLOW,
        head,
        name,
        actor=actor,
        note=report or requirement,
        rectification_requirement=requirement or head.rectification_requirement,
        rectification_report=report,
        rectified_on=rectified_on,
    )


@transaction.atomic
def review_plan_start_rectification(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    return move(PLAN_FLOW, plan, "start_rectification", actor=actor)


@transaction.atomic
def review_plan_close(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    plan = lock(plan)
    require(actor, "close", plan)
    open_items = plan.heads.filter(
        rectification_status__in=[RectificationStatus.REQUIRED, RectificationStatus.IN_PROGRESS]
    ).count()
    if open_items:
        raise ApplicationError(_("仍有%(count)s个部门整改未完成，不能办结。") % {"count": open_items})
    return move(PLAN_FLOW, plan, "close", actor=actor)
