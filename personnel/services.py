"""Writes for personnel work: one service per step, each in a transaction with a history row.

Appointment cases: exam, review, vote, letter, oath. Duty reports: four
review steps with a secret democratic evaluation. Reviews of department
heads: survey, scores, ranking, rectification.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum, Window
from django.db.models.functions import Rank
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.choices import AuditAction
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_region_in_scope
from core.services import notification_send

from .choices import (
    ALLOWED_TRANSITIONS,
    AppointmentStatus,
    BallotChannel,
    DutyReportStatus,
    Grade,
    RectificationStatus,
    ReviewPlanStatus,
)
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

if TYPE_CHECKING:
    from accounts.models import User
    from deputies.models import Congress


_M = TypeVar("_M", bound=models.Model)


# Shared steps
# ------------------------------------------------------------------------------


def _lock(obj: _M) -> _M:
    """The row again, locked, so two concurrent steps cannot both pass their checks."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _record(obj, *, actor: User, from_status: str, to_status: str, note: str = "") -> None:
    obj.events.create(actor=actor, from_status=from_status, to_status=to_status, note=note)


def _check_move(obj, to: str) -> None:
    allowed = ALLOWED_TRANSITIONS[obj._meta.model_name].get(obj.status, ())
    if to not in allowed:
        target = dict(type(obj)._meta.get_field("status").choices)[to]
        raise ApplicationError(
            _("当前状态为“%(current)s”，不能变更为“%(target)s”。")
            % {"current": obj.get_status_display(), "target": target}
        )


def _ensure_staff_of(obj, actor: User) -> None:
    """Steps are for staff of the congress's jurisdiction; members who may see a
    report to evaluate it (``extra_visibility``) cannot move it."""
    ensure_region_in_scope(actor, obj.congress.region)


def _move(obj, *, actor: User, to: str, note: str = "") -> None:
    _ensure_staff_of(obj, actor)
    _check_move(obj, to)
    from_status = obj.status
    obj.status = to
    obj.save()
    _record(obj, actor=actor, from_status=from_status, to_status=to, note=note)
    audit_record(actor=actor, action=AuditAction.TRANSITION, target=obj, detail={"from": from_status, "to": to})
    ensure_in_scope(actor, obj)


def _note_fact(obj, *, actor: User, note: str) -> None:
    """A step that records facts without changing the status."""
    _ensure_staff_of(obj, actor)
    obj.save()
    _record(obj, actor=actor, from_status=obj.status, to_status=obj.status, note=note)
    ensure_in_scope(actor, obj)


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
    _record(case, actor=actor, from_status="", to_status=case.status, note=case.get_nominating_body_display())
    ensure_in_scope(actor, case)
    return case


@transaction.atomic
def appointment_case_record_exam(
    *, actor: User, case: AppointmentCase, exam_date: date, score: Decimal, pass_mark: Decimal
) -> AppointmentCase:
    """Record the pre-appointment law exam (任前法律知识考试); a failed exam may be retaken."""
    case = _lock(case)
    if case.status not in (AppointmentStatus.REGISTERED, AppointmentStatus.UNDER_REVIEW, AppointmentStatus.APPROVED):
        raise ApplicationError(
            _("当前状态为“%(current)s”，不能记录考试成绩。") % {"current": case.get_status_display()}
        )
    if score < 0 or pass_mark <= 0:
        raise ApplicationError(_("考试成绩和合格分数线须为正数。"), field="score")
    case.exam_date = exam_date
    case.exam_score = score
    case.exam_pass_mark = pass_mark
    case.exam_passed = score >= pass_mark
    note = _("任前法律知识考试%(score)s分（合格线%(mark)s分）：%(result)s") % {
        "score": score,
        "mark": pass_mark,
        "result": _("合格") if case.exam_passed else _("不合格"),
    }
    _note_fact(case, actor=actor, note=note)
    return case


@transaction.atomic
def appointment_case_submit_for_review(
    *, actor: User, case: AppointmentCase, session: StandingCommitteeSession, note: str = ""
) -> AppointmentCase:
    """Put the case on the agenda of a standing committee session (提请常委会会议审议)."""
    case = _lock(case)
    _check_session(case.congress, session)
    case.session = session
    _move(case, actor=actor, to=AppointmentStatus.UNDER_REVIEW, note=note or str(session))
    return case


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
    case = _lock(case)
    if members_total <= 0:
        raise ApplicationError(_("常委会组成人员总数须大于零。"), field="members_total")
    if votes_for + votes_against + votes_abstain > members_total:
        raise ApplicationError(_("赞成、反对、弃权票之和不能超过组成人员总数。"), field="votes_for")
    _not_before(vote_date, case.submitted_on, field="vote_date", message=_("表决日期不能早于提请日期。"))
    approved = votes_for * 2 > members_total
    case.vote_date = vote_date
    case.members_total = members_total
    case.votes_for = votes_for
    case.votes_against = votes_against
    case.votes_abstain = votes_abstain
    case.review_opinion = review_opinion
    note = _("组成人员%(total)s人，赞成%(yes)s票，反对%(no)s票，弃权%(abstain)s票。") % {
        "total": members_total,
        "yes": votes_for,
        "no": votes_against,
        "abstain": votes_abstain,
    }
    _move(case, actor=actor, to=AppointmentStatus.APPROVED if approved else AppointmentStatus.REJECTED, note=note)
    return case


@transaction.atomic
def appointment_case_issue_letter(
    *, actor: User, case: AppointmentCase, letter_number: str, issued_on: date
) -> AppointmentCase:
    """Issue the appointment letter (任命书); only a nominee who passed the law exam is appointed."""
    case = _lock(case)
    _check_move(case, AppointmentStatus.APPOINTED)
    if case.exam_passed is None:
        raise ApplicationError(_("尚未记录任前法律知识考试成绩，不能任命。"))
    if not case.exam_passed:
        raise ApplicationError(_("任前法律知识考试不合格，不能任命。"))
    _not_before(issued_on, case.vote_date, field="issued_on", message=_("任命书颁发日期不能早于表决日期。"))
    letter_number = letter_number.strip()
    if AppointmentCase.objects.filter(congress=case.congress, letter_number=letter_number).exclude(pk=case.pk).exists():
        raise ApplicationError(_("任命书编号已被使用。"), field="letter_number")
    case.letter_number = letter_number
    case.letter_issued_on = issued_on
    _move(case, actor=actor, to=AppointmentStatus.APPOINTED, note=letter_number)
    return case


@transaction.atomic
def appointment_case_record_oath(
    *, actor: User, case: AppointmentCase, oath_date: date, oath_place: str
) -> AppointmentCase:
    """Record the constitutional oath (宪法宣誓), which follows the vote."""
    case = _lock(case)
    if case.status in (AppointmentStatus.REGISTERED, AppointmentStatus.UNDER_REVIEW) or case.vote_date is None:
        raise ApplicationError(_("宪法宣誓须在常委会表决通过后记录。"))
    if case.status in (AppointmentStatus.REJECTED, AppointmentStatus.WITHDRAWN):
        raise ApplicationError(_("该任免案未获通过，不能记录宪法宣誓。"))
    if case.status == AppointmentStatus.APPROVED:
        raise ApplicationError(_("请先颁发任命书，再记录宪法宣誓。"))
    _not_before(oath_date, case.vote_date, field="oath_date", message=_("宣誓日期不能早于表决日期。"))
    case.oath_date = oath_date
    case.oath_place = oath_place
    _move(case, actor=actor, to=AppointmentStatus.SWORN, note=oath_place)
    return case


@transaction.atomic
def appointment_case_withdraw(*, actor: User, case: AppointmentCase, note: str) -> AppointmentCase:
    case = _lock(case)
    _move(case, actor=actor, to=AppointmentStatus.WITHDRAWN, note=note)
    return case


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
    _record(report, actor=actor, from_status="", to_status=report.status, note=special_committee)
    ensure_in_scope(actor, report)
    return report


@transaction.atomic
def duty_report_preliminary_review(*, actor: User, report: DutyReport, reviewed_on: date, opinion: str) -> DutyReport:
    """Step 1: preliminary review by the special committee (专门委员会初审)."""
    report = _lock(report)
    report.preliminary_on = reviewed_on
    report.preliminary_opinion = opinion
    _move(report, actor=actor, to=DutyReportStatus.PRELIMINARY_REVIEWED, note=opinion)
    return report


@transaction.atomic
def duty_report_chairpersons_review(*, actor: User, report: DutyReport, reviewed_on: date, opinion: str) -> DutyReport:
    """Step 2: collective review by the chairpersons' meeting (主任会议集体审议)."""
    report = _lock(report)
    _not_before(
        reviewed_on, report.preliminary_on, field="reviewed_on", message=_("主任会议审议日期不能早于初审日期。")
    )
    report.chairpersons_on = reviewed_on
    report.chairpersons_opinion = opinion
    _move(report, actor=actor, to=DutyReportStatus.CHAIRPERSONS_REVIEWED, note=opinion)
    return report


@transaction.atomic
def duty_report_open_evaluation(*, actor: User, report: DutyReport, session: StandingCommitteeSession) -> DutyReport:
    """Step 3: the person reports at a session and members start to evaluate (述职并测评)."""
    report = _lock(report)
    _check_session(report.congress, session)
    report.session = session
    report.evaluation_opened_at = timezone.now()
    _move(report, actor=actor, to=DutyReportStatus.EVALUATING, note=str(session))
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
    report = _lock(report)
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
    report = _lock(report)
    if report.status != DutyReportStatus.EVALUATING:
        raise ApplicationError(_("测评尚未开始或已经结束。"))
    if any(int(counts.get(grade, 0)) < 0 for grade in Grade.values):
        raise ApplicationError(_("票数不能为负数。"))
    for grade in Grade:
        EvaluationTally.objects.update_or_create(
            report=report, channel=BallotChannel.PAPER, grade=grade, defaults={"count": int(counts.get(grade, 0))}
        )
    note = _("录入纸质测评票：") + "，".join(
        _("%(grade)s%(count)s票") % {"grade": grade.label, "count": int(counts.get(grade, 0))} for grade in Grade
    )
    _note_fact(report, actor=actor, note=note)
    return report


@transaction.atomic
def duty_report_close_evaluation(*, actor: User, report: DutyReport) -> DutyReport:
    report = _lock(report)
    _check_move(report, DutyReportStatus.EVALUATED)
    total = report.tallies.aggregate(total=Sum("count"))["total"] or 0
    if total == 0:
        raise ApplicationError(_("尚无测评票，不能结束测评。"))
    report.evaluation_closed_at = timezone.now()
    _move(report, actor=actor, to=DutyReportStatus.EVALUATED, note=_("共%(total)s票") % {"total": total})
    return report


@transaction.atomic
def duty_report_give_feedback(*, actor: User, report: DutyReport, feedback_on: date, feedback: str) -> DutyReport:
    """Step 4: feed the result and the members' opinions back to the person (反馈本人)."""
    report = _lock(report)
    report.feedback_on = feedback_on
    report.feedback = feedback
    _move(report, actor=actor, to=DutyReportStatus.FEEDBACK_GIVEN, note=feedback)
    return report


@transaction.atomic
def duty_report_report_upward(*, actor: User, report: DutyReport, reported_on: date, note: str = "") -> DutyReport:
    report = _lock(report)
    _not_before(reported_on, report.feedback_on, field="reported_on", message=_("上报日期不能早于反馈日期。"))
    report.reported_on = reported_on
    report.reported_note = note
    _move(report, actor=actor, to=DutyReportStatus.REPORTED, note=note)
    _notify_upper_level(report)
    return report


def _notify_upper_level(report: DutyReport) -> None:
    """Tell the staff of the region above (who can see the report) that a result was reported to them."""
    from accounts.choices import STAFF_ROLES
    from accounts.models import User

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
    if plan.status not in statuses:
        raise ApplicationError(_("当前状态为“%(current)s”，不能办理此项。") % {"current": plan.get_status_display()})


@transaction.atomic
def review_plan_create(
    *, actor: User, congress: Congress, year: int, title: str, survey_deadline: date | None = None, notes: str = ""
) -> ReviewPlan:
    ensure_region_in_scope(actor, congress.region)
    plan = ReviewPlan.objects.create(
        congress=congress, year=year, title=title, survey_deadline=survey_deadline, notes=notes
    )
    _record(plan, actor=actor, from_status="", to_status=plan.status)
    ensure_in_scope(actor, plan)
    return plan


@transaction.atomic
def review_plan_add_item(*, actor: User, plan: ReviewPlan, name: str, max_score: Decimal) -> ReviewItem:
    plan = _lock(plan)
    _require_plan_status(plan, ReviewPlanStatus.DRAFT)
    if max_score <= 0:
        raise ApplicationError(_("满分须大于零。"), field="max_score")
    if plan.items.filter(name=name).exists():
        raise ApplicationError(_("该评议项目已存在。"), field="name")
    item = plan.items.create(name=name, max_score=max_score, position=plan.items.count() + 1)
    _note_fact(plan, actor=actor, note=_("新增评议项目：%(name)s") % {"name": name})
    return item


@transaction.atomic
def review_plan_add_head(*, actor: User, plan: ReviewPlan, name: str, department: str, post: str) -> ReviewedHead:
    plan = _lock(plan)
    _require_plan_status(plan, ReviewPlanStatus.DRAFT)
    if plan.heads.filter(department=department).exists():
        raise ApplicationError(_("该部门已列入本次评议。"), field="department")
    head = plan.heads.create(name=name, department=department, post=post)
    _note_fact(plan, actor=actor, note=_("列入评议对象：%(dept)s %(name)s") % {"dept": department, "name": name})
    return head


@transaction.atomic
def review_plan_start_survey(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    plan = _lock(plan)
    if not plan.items.exists() or not plan.heads.exists():
        raise ApplicationError(_("请先确定评议项目和评议对象。"))
    _move(plan, actor=actor, to=ReviewPlanStatus.SURVEYING)
    return plan


@transaction.atomic
def review_head_record_survey(
    *, actor: User, head: ReviewedHead, satisfied: int, basic: int, unsatisfied: int, opinions: str = ""
) -> ReviewedHead:
    """Enter the deputies' survey for one head (满意度测评和意见征集)."""
    plan = _lock(head.plan)
    _require_plan_status(plan, ReviewPlanStatus.SURVEYING)
    if min(satisfied, basic, unsatisfied) < 0:
        raise ApplicationError(_("票数不能为负数。"))
    head.survey_satisfied, head.survey_basic, head.survey_unsatisfied = satisfied, basic, unsatisfied
    head.survey_opinions = opinions
    head.save()
    _note_fact(plan, actor=actor, note=_("录入代表意见：%(head)s") % {"head": head})
    return head


@transaction.atomic
def review_plan_start_scoring(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    plan = _lock(plan)
    _move(plan, actor=actor, to=ReviewPlanStatus.SCORING)
    return plan


@transaction.atomic
def review_head_record_scores(*, actor: User, head: ReviewedHead, scores: dict[int, Decimal]) -> ReviewedHead:
    """Scores of one head, by item id; each between zero and the item's full marks."""
    plan = _lock(head.plan)
    _require_plan_status(plan, ReviewPlanStatus.SCORING)
    items = {item.pk: item for item in plan.items.all()}
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
    _note_fact(plan, actor=actor, note=_("录入评分：%(head)s") % {"head": head})
    return head


@transaction.atomic
def review_plan_rank(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    """Total each head's scores and rank them in the database; equal totals share a rank."""
    plan = _lock(plan)
    _check_move(plan, ReviewPlanStatus.RANKED)
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
    _move(plan, actor=actor, to=ReviewPlanStatus.RANKED)
    return plan


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
    plan = _lock(head.plan)
    _require_plan_status(plan, ReviewPlanStatus.RANKED, ReviewPlanStatus.RECTIFYING)
    if status == RectificationStatus.DONE and rectified_on is None:
        raise ApplicationError(_("请填写整改完成日期。"), field="rectified_on")
    if status != RectificationStatus.NOT_REQUIRED and not (requirement or head.rectification_requirement):
        raise ApplicationError(_("请填写整改要求。"), field="requirement")
    head.rectification_status = status
    head.rectification_requirement = requirement or head.rectification_requirement
    head.rectification_report = report
    head.rectified_on = rectified_on
    head.save()
    _note_fact(
        plan,
        actor=actor,
        note=_("%(head)s：%(status)s") % {"head": head, "status": head.get_rectification_status_display()},
    )
    return head


@transaction.atomic
def review_plan_start_rectification(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    plan = _lock(plan)
    _move(plan, actor=actor, to=ReviewPlanStatus.RECTIFYING)
    return plan


@transaction.atomic
def review_plan_close(*, actor: User, plan: ReviewPlan) -> ReviewPlan:
    plan = _lock(plan)
    _check_move(plan, ReviewPlanStatus.CLOSED)
    open_items = plan.heads.filter(
        rectification_status__in=[RectificationStatus.REQUIRED, RectificationStatus.IN_PROGRESS]
    ).count()
    if open_items:
        raise ApplicationError(_("仍有%(count)s个部门整改未完成，不能办结。") % {"count": open_items})
    _move(plan, actor=actor, to=ReviewPlanStatus.CLOSED)
    return plan
