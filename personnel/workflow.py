"""The state machines of personnel work and who may take each step.

Appointment cases (任免案), duty reports with their democratic evaluation
(述职测评) and reviews of department heads (履职评议) are run by the office
of the congress's jurisdiction. Standing-committee members see a report
while they evaluate it, and may cast their ballot, but never move it.

Steps that record facts without moving the status (an exam score, paper
ballot totals, an item added to a plan) are transitions with ``target=None``:
their sources are the statuses in which they may be recorded.
"""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from core.scoping import region_in_scope
from core.workflow import Workflow, action, transition

from .choices import AppointmentStatus as AS
from .choices import DutyReportStatus as DS
from .choices import RectificationStatus as RS
from .choices import ReviewPlanStatus as PS
from .models import (
    AppointmentCase,
    AppointmentCaseEvent,
    CommitteeMember,
    DutyReport,
    DutyReportEvent,
    ReviewedHead,
    ReviewedHeadEvent,
    ReviewPlan,
    ReviewPlanEvent,
)


def staff_of_congress(user, obj) -> bool:
    """Office staff of the jurisdiction of the record's congress (or of a region above it)."""
    return roles.is_office_staff(user) and region_in_scope(user, obj.congress.region)


def staff_of_plan(user, head: ReviewedHead) -> bool:
    return staff_of_congress(user, head.plan)


def active_member(user, report: DutyReport) -> bool:
    """A standing-committee member of the report's congress: may cast one ballot."""
    return bool(
        getattr(user, "is_authenticated", False)
        and CommitteeMember.objects.filter(congress_id=report.congress_id, user=user, is_active=True).exists()
    )


def plan_in(*statuses: str):
    """A head's steps follow the phase of its plan."""

    def rule(user, head: ReviewedHead) -> bool:
        return head.plan.status in statuses

    return rule


def _head_rule(*statuses: str):
    phase = plan_in(*statuses)

    def rule(user, head: ReviewedHead) -> bool:
        return phase(user, head) and staff_of_plan(user, head)

    return rule


CASE_FLOW = Workflow(
    model=AppointmentCase,
    event_model=AppointmentCaseEvent,
    event_fk="case",
    transitions=[
        transition(
            "exam",
            sources=[AS.REGISTERED, AS.UNDER_REVIEW, AS.APPROVED],
            target=None,
            label=_("记录任前法律知识考试"),
            allowed=staff_of_congress,
        ),
        transition(
            "submit",
            sources=[AS.REGISTERED],
            target=AS.UNDER_REVIEW,
            label=_("提请常委会会议审议"),
            allowed=staff_of_congress,
        ),
        # The vote decides between the two; the page "记录表决结果" offers them as one step.
        transition(
            "approve", sources=[AS.UNDER_REVIEW], target=AS.APPROVED, label=_("记录表决通过"), allowed=staff_of_congress
        ),
        transition(
            "reject", sources=[AS.UNDER_REVIEW], target=AS.REJECTED, label=_("记录未获通过"), allowed=staff_of_congress
        ),
        transition(
            "issue_letter", sources=[AS.APPROVED], target=AS.APPOINTED, label=_("颁发任命书"), allowed=staff_of_congress
        ),
        transition("oath", sources=[AS.APPOINTED], target=AS.SWORN, label=_("记录宪法宣誓"), allowed=staff_of_congress),
        transition(
            "withdraw",
            sources=[AS.REGISTERED, AS.UNDER_REVIEW],
            target=AS.WITHDRAWN,
            label=_("撤回任免案"),
            allowed=staff_of_congress,
            danger=True,
        ),
    ],
)

REPORT_FLOW = Workflow(
    model=DutyReport,
    event_model=DutyReportEvent,
    event_fk="report",
    transitions=[
        transition(
            "preliminary",
            sources=[DS.REGISTERED],
            target=DS.PRELIMINARY_REVIEWED,
            label=_("专门委员会初审"),
            allowed=staff_of_congress,
        ),
        transition(
            "chairpersons",
            sources=[DS.PRELIMINARY_REVIEWED],
            target=DS.CHAIRPERSONS_REVIEWED,
            label=_("主任会议集体审议"),
            allowed=staff_of_congress,
        ),
        transition(
            "open_evaluation",
            sources=[DS.CHAIRPERSONS_REVIEWED],
            target=DS.EVALUATING,
            label=_("常委会会议述职并开始测评"),
            allowed=staff_of_congress,
        ),
        transition(
            "paper_totals",
            sources=[DS.EVALUATING],
            target=None,
            label=_("录入纸质测评票"),
            allowed=staff_of_congress,
        ),
        transition(
            "close_evaluation",
            sources=[DS.EVALUATING],
            target=DS.EVALUATED,
            label=_("结束测评并计票"),
            allowed=staff_of_congress,
        ),
        transition(
            "feedback",
            sources=[DS.EVALUATED],
            target=DS.FEEDBACK_GIVEN,
            label=_("向本人反馈测评结果和意见"),
            allowed=staff_of_congress,
        ),
        transition(
            "report_upward",
            sources=[DS.FEEDBACK_GIVEN],
            target=DS.REPORTED,
            label=_("向上级报告"),
            allowed=staff_of_congress,
        ),
    ],
    actions=[
        # Secret: casting a ballot writes no history row (see services.evaluation_cast_ballot).
        action("ballot", label=_("网上测评"), allowed=active_member, when=[DS.EVALUATING]),
    ],
)

PLAN_FLOW = Workflow(
    model=ReviewPlan,
    event_model=ReviewPlanEvent,
    event_fk="plan",
    transitions=[
        transition("add_item", sources=[PS.DRAFT], target=None, label=_("新增评议项目"), allowed=staff_of_congress),
        transition("add_head", sources=[PS.DRAFT], target=None, label=_("列入评议对象"), allowed=staff_of_congress),
        transition(
            "start_survey",
            sources=[PS.DRAFT],
            target=PS.SURVEYING,
            label=_("开始征求代表意见"),
            allowed=staff_of_congress,
        ),
        transition(
            "start_scoring", sources=[PS.SURVEYING], target=PS.SCORING, label=_("开始评分"), allowed=staff_of_congress
        ),
        transition(
            "rank", sources=[PS.SCORING], target=PS.RANKED, label=_("计算总分并排名"), allowed=staff_of_congress
        ),
        transition(
            "start_rectification",
            sources=[PS.RANKED],
            target=PS.RECTIFYING,
            label=_("进入整改跟踪"),
            allowed=staff_of_congress,
        ),
        transition("close", sources=[PS.RECTIFYING], target=PS.CLOSED, label=_("办结"), allowed=staff_of_congress),
    ],
)

# A head's rectification status moves freely among its four values while the
# plan is ranked or being followed up: one transition per target, and one
# step that records the requirement and report without moving it.
RECTIFYING_PHASES = (PS.RANKED, PS.RECTIFYING)
RECTIFY_TO = {
    RS.NOT_REQUIRED: "rectification_waived",
    RS.REQUIRED: "rectification_required",
    RS.IN_PROGRESS: "rectification_started",
    RS.DONE: "rectification_done",
}
_RECTIFY_LABELS = {
    RS.NOT_REQUIRED: _("整改跟踪：无需整改"),
    RS.REQUIRED: _("整改跟踪：提出整改要求"),
    RS.IN_PROGRESS: _("整改跟踪：整改中"),
    RS.DONE: _("整改跟踪：已整改"),
}

HEAD_FLOW = Workflow(
    model=ReviewedHead,
    field="rectification_status",
    event_model=ReviewedHeadEvent,
    event_fk="head",
    # Heads are rows of a plan, scoped through it: the rules decide.
    scoped=False,
    transitions=[
        transition("survey", sources=RS.values, target=None, label=_("录入代表意见"), allowed=_head_rule(PS.SURVEYING)),
        transition("scores", sources=RS.values, target=None, label=_("录入评分"), allowed=_head_rule(PS.SCORING)),
        transition(
            "rectification",
            sources=RS.values,
            target=None,
            label=_("整改跟踪"),
            allowed=_head_rule(*RECTIFYING_PHASES),
        ),
        *(
            transition(
                name,
                sources=[s for s in RS.values if s != target],
                target=target,
                label=_RECTIFY_LABELS[target],
                allowed=_head_rule(*RECTIFYING_PHASES),
            )
            for target, name in RECTIFY_TO.items()
        ),
    ],
)
