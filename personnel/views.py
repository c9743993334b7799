"""Pages of personnel work: lists, details with history, step forms, printable documents."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.scoping import region_in_scope
from core.views import ScopedDetailView, ScopedListView, ServiceFormView, add_submission_key

from . import forms, selectors, services
from .choices import AppointmentStatus as AS
from .choices import DutyReportStatus as DS
from .choices import ReviewPlanStatus as PS
from .filters import (
    AppointmentCaseFilterSet,
    CommitteeMemberFilterSet,
    DutyReportFilterSet,
    ReviewPlanFilterSet,
    StandingCommitteeSessionFilterSet,
)
from .models import AppointmentCase, CommitteeMember, DutyReport, ReviewedHead, ReviewPlan, StandingCommitteeSession

# Steps: each is one form and one service call, offered in the statuses listed
# ------------------------------------------------------------------------------


def data(form) -> dict[str, Any]:
    """The form's cleaned data as service arguments."""
    return dict(form.cleaned_data)


@dataclass(frozen=True)
class Step:
    title: str | Promise
    form_class: type[forms.StepForm]
    run: Callable[[Any, Any, Any], Any]
    when: tuple[str, ...]
    danger: bool = False


CASE_STEPS = {
    "exam": Step(
        _("记录任前法律知识考试"),
        forms.ExamForm,
        lambda actor, case, form: services.appointment_case_record_exam(actor=actor, case=case, **data(form)),
        (AS.REGISTERED, AS.UNDER_REVIEW, AS.APPROVED),
    ),
    "submit": Step(
        _("提请常委会会议审议"),
        forms.SubmitForReviewForm,
        lambda actor, case, form: services.appointment_case_submit_for_review(actor=actor, case=case, **data(form)),
        (AS.REGISTERED,),
    ),
    "vote": Step(
        _("记录表决结果"),
        forms.VoteForm,
        lambda actor, case, form: services.appointment_case_record_vote(actor=actor, case=case, **data(form)),
        (AS.UNDER_REVIEW,),
    ),
    "issue-letter": Step(
        _("颁发任命书"),
        forms.LetterForm,
        lambda actor, case, form: services.appointment_case_issue_letter(actor=actor, case=case, **data(form)),
        (AS.APPROVED,),
    ),
    "oath": Step(
        _("记录宪法宣誓"),
        forms.OathForm,
        lambda actor, case, form: services.appointment_case_record_oath(actor=actor, case=case, **data(form)),
        (AS.APPOINTED,),
    ),
    "withdraw": Step(
        _("撤回任免案"),
        forms.WithdrawForm,
        lambda actor, case, form: services.appointment_case_withdraw(actor=actor, case=case, **data(form)),
        (AS.REGISTERED, AS.UNDER_REVIEW),
        danger=True,
    ),
}

REPORT_STEPS = {
    "preliminary": Step(
        _("专门委员会初审"),
        forms.ReviewStepForm,
        lambda actor, report, form: services.duty_report_preliminary_review(actor=actor, report=report, **data(form)),
        (DS.REGISTERED,),
    ),
    "chairpersons": Step(
        _("主任会议集体审议"),
        forms.ReviewStepForm,
        lambda actor, report, form: services.duty_report_chairpersons_review(actor=actor, report=report, **data(form)),
        (DS.PRELIMINARY_REVIEWED,),
    ),
    "open-evaluation": Step(
        _("常委会会议述职并开始测评"),
        forms.OpenEvaluationForm,
        lambda actor, report, form: services.duty_report_open_evaluation(actor=actor, report=report, **data(form)),
        (DS.CHAIRPERSONS_REVIEWED,),
    ),
    "paper-totals": Step(
        _("录入纸质测评票"),
        forms.PaperTotalsForm,
        lambda actor, report, form: services.evaluation_enter_paper_totals(
            actor=actor, report=report, counts=form.counts()
        ),
        (DS.EVALUATING,),
    ),
    "close-evaluation": Step(
        _("结束测评并计票"),
        forms.ConfirmForm,
        lambda actor, report, form: services.duty_report_close_evaluation(actor=actor, report=report),
        (DS.EVALUATING,),
    ),
    "feedback": Step(
        _("向本人反馈测评结果和意见"),
        forms.FeedbackForm,
        lambda actor, report, form: services.duty_report_give_feedback(actor=actor, report=report, **data(form)),
        (DS.EVALUATED,),
    ),
    "report-upward": Step(
        _("向上级报告"),
        forms.ReportUpwardForm,
        lambda actor, report, form: services.duty_report_report_upward(actor=actor, report=report, **data(form)),
        (DS.FEEDBACK_GIVEN,),
    ),
}

PLAN_STEPS = {
    "add-item": Step(
        _("新增评议项目"),
        forms.ReviewItemForm,
        lambda actor, plan, form: services.review_plan_add_item(actor=actor, plan=plan, **data(form)),
        (PS.DRAFT,),
    ),
    "add-head": Step(
        _("列入评议对象"),
        forms.ReviewHeadForm,
        lambda actor, plan, form: services.review_plan_add_head(actor=actor, plan=plan, **data(form)),
        (PS.DRAFT,),
    ),
    "start-survey": Step(
        _("开始征求代表意见"),
        forms.ConfirmForm,
        lambda actor, plan, form: services.review_plan_start_survey(actor=actor, plan=plan),
        (PS.DRAFT,),
    ),
    "start-scoring": Step(
        _("开始评分"),
        forms.ConfirmForm,
        lambda actor, plan, form: services.review_plan_start_scoring(actor=actor, plan=plan),
        (PS.SURVEYING,),
    ),
    "rank": Step(
        _("计算总分并排名"),
        forms.ConfirmForm,
        lambda actor, plan, form: services.review_plan_rank(actor=actor, plan=plan),
        (PS.SCORING,),
    ),
    "start-rectification": Step(
        _("进入整改跟踪"),
        forms.ConfirmForm,
        lambda actor, plan, form: services.review_plan_start_rectification(actor=actor, plan=plan),
        (PS.RANKED,),
    ),
    "close": Step(
        _("办结"),
        forms.ConfirmForm,
        lambda actor, plan, form: services.review_plan_close(actor=actor, plan=plan),
        (PS.RECTIFYING,),
    ),
}

HEAD_STEPS = {
    "survey": Step(
        _("录入代表意见"),
        forms.SurveyForm,
        lambda actor, head, form: services.review_head_record_survey(actor=actor, head=head, **data(form)),
        (PS.SURVEYING,),
    ),
    "scores": Step(
        _("录入评分"),
        forms.ScoresForm,
        lambda actor, head, form: services.review_head_record_scores(actor=actor, head=head, scores=form.scores()),
        (PS.SCORING,),
    ),
    "rectification": Step(
        _("整改跟踪"),
        forms.RectificationForm,
        lambda actor, head, form: services.review_head_record_rectification(actor=actor, head=head, **data(form)),
        (PS.RANKED, PS.RECTIFYING),
    ),
}


def steps_for(steps: dict[str, Step], status: str) -> list[tuple[str, Step]]:
    return [(slug, step) for slug, step in steps.items() if status in step.when]


class StepView(ServiceFormView):
    """One step of a record: the form of the step, then its service."""

    template_name = "personnel/step_form.html"
    steps: dict[str, Step] = {}

    def get_target_queryset(self):
        raise NotImplementedError

    @cached_property
    def target(self):
        return get_object_or_404(self.get_target_queryset(), pk=self.kwargs["pk"])

    @cached_property
    def step(self) -> Step:
        try:
            return self.steps[self.kwargs["step"]]
        except KeyError:
            raise Http404 from None

    def get_form(self):
        form = self.step.form_class(**self.get_form_kwargs(), target=self.target)
        add_submission_key(form)
        return form

    def perform(self, form):
        self.step.run(self.request.user, self.target, form)
        return self.target

    def get_success_url(self, result) -> str:
        return self.target.get_absolute_url()

    @property
    def success_message(self):
        return _("已办理：%(step)s") % {"step": self.step.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(step=self.step, target=self.target, back_url=self.get_success_url(None))
        return context


class CaseStepView(StepView):
    steps = CASE_STEPS

    def get_target_queryset(self):
        return AppointmentCase.objects.visible_to(self.request.user).select_related("congress", "session")


class ReportStepView(StepView):
    steps = REPORT_STEPS

    def get_target_queryset(self):
        return DutyReport.objects.visible_to(self.request.user).select_related("congress", "session")


class PlanStepView(StepView):
    steps = PLAN_STEPS

    def get_target_queryset(self):
        return ReviewPlan.objects.visible_to(self.request.user).select_related("congress")


class HeadStepView(StepView):
    steps = HEAD_STEPS

    def get_target_queryset(self):
        plans = ReviewPlan.objects.visible_to(self.request.user)
        return ReviewedHead.objects.filter(plan__in=plans).select_related("plan__congress")

    def get_success_url(self, result) -> str:
        return self.target.plan.get_absolute_url()


# Home
# ------------------------------------------------------------------------------


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "personnel/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            cases=selectors.appointment_case_list(user=user)[:10],
            reports=selectors.duty_report_list(user=user)[:10],
            plans=selectors.review_plan_list(user=user)[:10],
            pending_ballots=selectors.ballots_pending(user=user),
        )
        return context


# Sessions
# ------------------------------------------------------------------------------


class SessionListView(ScopedListView):
    model = StandingCommitteeSession
    queryset = StandingCommitteeSession.objects.select_related("congress")
    filterset_class = StandingCommitteeSessionFilterSet
    template_name = "personnel/session_list.html"


class MemberListView(ScopedListView):
    """The roster of standing-committee members (edited in the admin)."""

    model = CommitteeMember
    queryset = CommitteeMember.objects.select_related("congress", "user")
    filterset_class = CommitteeMemberFilterSet
    template_name = "personnel/member_list.html"
    paginate_by = 100


class SessionCreateView(ServiceFormView):
    template_name = "personnel/create_form.html"
    form_class = forms.SessionForm
    extra_context = {"title": _("登记常委会会议")}
    success_message = _("常委会会议已登记。")

    def perform(self, form):
        return services.session_create(actor=self.request.user, **data(form))

    def get_success_url(self, result) -> str:
        return reverse("personnel:session_list")


# Appointment cases
# ------------------------------------------------------------------------------


class CaseListView(ScopedListView):
    model = AppointmentCase
    queryset = AppointmentCase.objects.select_related("congress", "session__congress")
    filterset_class = AppointmentCaseFilterSet
    template_name = "personnel/case_list.html"
    export_kind = "personnel.appointment_cases"
    export_title = _("任免案导出")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "export_enabled": True}


class CaseDetailView(ScopedDetailView):
    model = AppointmentCase
    queryset = AppointmentCase.objects.select_related("congress", "session__congress").prefetch_related("events__actor")
    template_name = "personnel/case_detail.html"
    context_object_name = "case"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "steps": steps_for(CASE_STEPS, self.object.status)}


class CaseCreateView(ServiceFormView):
    template_name = "personnel/create_form.html"
    form_class = forms.AppointmentCaseForm
    extra_context = {"title": _("登记任免案")}
    success_message = _("任免案已登记。")

    def perform(self, form):
        return services.appointment_case_create(actor=self.request.user, **data(form))


class CaseLetterView(ScopedDetailView):
    """The printable appointment letter (任命书)."""

    model = AppointmentCase
    queryset = AppointmentCase.objects.select_related("congress__region", "session__congress")
    template_name = "personnel/appointment_letter.html"
    context_object_name = "case"

    def get_object(self, queryset=None):
        case = super().get_object(queryset)
        if not case.letter_number:
            raise Http404
        return case


# Duty reports
# ------------------------------------------------------------------------------


class ReportListView(ScopedListView):
    model = DutyReport
    queryset = (
        DutyReport.objects.select_related("congress", "session__congress").with_results().order_by("-year", "-pk")
    )
    filterset_class = DutyReportFilterSet
    template_name = "personnel/report_list.html"


class ReportDetailView(ScopedDetailView):
    model = DutyReport
    queryset = DutyReport.objects.select_related("congress", "session__congress", "appointment").prefetch_related(
        "events__actor"
    )
    template_name = "personnel/report_detail.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        report = self.object
        return {
            **super().get_context_data(**kwargs),
            # Members see a report to evaluate it; only staff of its region act on it.
            "steps": steps_for(REPORT_STEPS, report.status)
            if region_in_scope(self.request.user, report.congress.region)
            else [],
            "result": selectors.evaluation_result(report=report),
            "ballot": selectors.ballot_status(user=self.request.user, report=report),
            # Shares are shown only once counting is over, never while members vote.
            "show_result": report.evaluation_closed_at is not None,
        }


class ReportCreateView(ServiceFormView):
    template_name = "personnel/create_form.html"
    form_class = forms.DutyReportForm
    extra_context = {"title": _("安排述职")}
    success_message = _("述职已安排。")

    def perform(self, form):
        return services.duty_report_create(actor=self.request.user, **data(form))


class BallotView(ServiceFormView):
    """A member casts their secret ballot online."""

    template_name = "personnel/ballot.html"
    form_class = forms.BallotForm
    success_message = _("您的测评票已提交，感谢参与。")

    @cached_property
    def report(self) -> DutyReport:
        queryset = DutyReport.objects.visible_to(self.request.user).select_related("congress", "session__congress")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "target": self.report}

    def perform(self, form):
        services.evaluation_cast_ballot(actor=self.request.user, report=self.report, grade=form.cleaned_data["grade"])
        return self.report

    def get_success_url(self, result) -> str:
        return reverse("personnel:report_ballot", args=[self.report.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report=self.report, ballot=selectors.ballot_status(user=self.request.user, report=self.report))
        return context


class EvaluationSheetView(ScopedDetailView):
    """The printable evaluation result sheet (民主测评结果表)."""

    model = DutyReport
    queryset = DutyReport.objects.select_related("congress__region", "session__congress")
    template_name = "personnel/evaluation_sheet.html"
    context_object_name = "report"

    def get_object(self, queryset=None):
        report = super().get_object(queryset)
        if report.evaluation_closed_at is None:
            raise Http404
        return report

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "result": selectors.evaluation_result(report=self.object)}


# Reviews of department heads
# ------------------------------------------------------------------------------


class PlanListView(ScopedListView):
    model = ReviewPlan
    queryset = ReviewPlan.objects.select_related("congress")
    filterset_class = ReviewPlanFilterSet
    template_name = "personnel/plan_list.html"

    def get_queryset(self):
        return super().get_queryset().annotate(head_count=Count("heads")).order_by("-year", "-pk")


class PlanDetailView(ScopedDetailView):
    model = ReviewPlan
    queryset = ReviewPlan.objects.select_related("congress").prefetch_related("items", "events__actor")
    template_name = "personnel/plan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        plan = self.object
        return {
            **super().get_context_data(**kwargs),
            "steps": steps_for(PLAN_STEPS, plan.status),
            "head_steps": steps_for(HEAD_STEPS, plan.status),
            "heads": selectors.review_plan_heads(plan=plan),
        }


class PlanCreateView(ServiceFormView):
    template_name = "personnel/create_form.html"
    form_class = forms.ReviewPlanForm
    extra_context = {"title": _("制定履职评议计划")}
    success_message = _("履职评议计划已建立。")

    def perform(self, form):
        return services.review_plan_create(actor=self.request.user, **data(form))
