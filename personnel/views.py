"""Pages of personnel work: lists, details with history, step forms, printable documents."""

from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.forms import ConfirmForm
from core.rights import action_names
from core.views import ActionPage, ScopedDetailView, ScopedListView, ServiceFormView, TransitionView, form_data
from core.workflow import workflow_for

from . import forms, selectors, services
from .filters import (
    AppointmentCaseFilterSet,
    CommitteeMemberFilterSet,
    DutyReportFilterSet,
    ReviewPlanFilterSet,
    StandingCommitteeSessionFilterSet,
)
from .models import AppointmentCase, CommitteeMember, DutyReport, ReviewedHead, ReviewPlan, StandingCommitteeSession

# Steps: each page is one form and one service call; the workflow decides when it is offered
# ------------------------------------------------------------------------------

CASE_PAGES = {
    "exam": ActionPage(
        forms.ExamForm,
        lambda actor, case, form: services.appointment_case_record_exam(actor=actor, case=case, **form_data(form)),
    ),
    "submit": ActionPage(
        forms.SubmitForReviewForm,
        lambda actor, case, form: services.appointment_case_submit_for_review(
            actor=actor, case=case, **form_data(form)
        ),
    ),
    # The vote approves or rejects: offered whenever the record may be approved (the same rule and sources).
    "vote": ActionPage(
        forms.VoteForm,
        lambda actor, case, form: services.appointment_case_record_vote(actor=actor, case=case, **form_data(form)),
        action="approve",
        title=_("记录表决结果"),
    ),
    "issue-letter": ActionPage(
        forms.LetterForm,
        lambda actor, case, form: services.appointment_case_issue_letter(actor=actor, case=case, **form_data(form)),
    ),
    "oath": ActionPage(
        forms.OathForm,
        lambda actor, case, form: services.appointment_case_record_oath(actor=actor, case=case, **form_data(form)),
    ),
    "withdraw": ActionPage(
        forms.WithdrawForm,
        lambda actor, case, form: services.appointment_case_withdraw(actor=actor, case=case, **form_data(form)),
    ),
}

REPORT_PAGES = {
    "preliminary": ActionPage(
        forms.ReviewStepForm,
        lambda actor, report, form: services.duty_report_preliminary_review(
            actor=actor, report=report, **form_data(form)
        ),
    ),
    "chairpersons": ActionPage(
        forms.ReviewStepForm,
        lambda actor, report, form: services.duty_report_chairpersons_review(
            actor=actor, report=report, **form_data(form)
        ),
    ),
    "open-evaluation": ActionPage(
        forms.OpenEvaluationForm,
        lambda actor, report, form: services.duty_report_open_evaluation(actor=actor, report=report, **form_data(form)),
    ),
    "paper-totals": ActionPage(
        forms.PaperTotalsForm,
        lambda actor, report, form: services.evaluation_enter_paper_totals(
            actor=actor, report=report, counts=form.counts()
        ),
    ),
    "close-evaluation": ActionPage(
        ConfirmForm,
        lambda actor, report, form: services.duty_report_close_evaluation(actor=actor, report=report),
    ),
    "feedback": ActionPage(
        forms.FeedbackForm,
        lambda actor, report, form: services.duty_report_give_feedback(actor=actor, report=report, **form_data(form)),
    ),
    "report-upward": ActionPage(
        forms.ReportUpwardForm,
        lambda actor, report, form: services.duty_report_report_upward(actor=actor, report=report, **form_data(form)),
    ),
}

PLAN_PAGES = {
    "add-item": ActionPage(
        forms.ReviewItemForm,
        lambda actor, plan, form: services.review_plan_add_item(actor=actor, plan=plan, **form_data(form)),
    ),
    "add-head": ActionPage(
        forms.ReviewHeadForm,
        lambda actor, plan, form: services.review_plan_add_head(actor=actor, plan=plan, **form_data(form)),
    ),
    "start-survey": ActionPage(
        ConfirmForm, lambda actor, plan, form: services.review_plan_start_survey(actor=actor, plan=plan)
    ),
    "start-scoring": ActionPage(
        ConfirmForm, lambda actor, plan, form: services.review_plan_start_scoring(actor=actor, plan=plan)
    ),
    "rank": ActionPage(ConfirmForm, lambda actor, plan, form: services.review_plan_rank(actor=actor, plan=plan)),
    "start-rectification": ActionPage(
        ConfirmForm, lambda actor, plan, form: services.review_plan_start_rectification(actor=actor, plan=plan)
    ),
    "close": ActionPage(ConfirmForm, lambda actor, plan, form: services.review_plan_close(actor=actor, plan=plan)),
}

HEAD_PAGES = {
    "survey": ActionPage(
        forms.SurveyForm,
        lambda actor, head, form: services.review_head_record_survey(actor=actor, head=head, **form_data(form)),
    ),
    "scores": ActionPage(
        forms.ScoresForm,
        lambda actor, head, form: services.review_head_record_scores(actor=actor, head=head, scores=form.scores()),
    ),
    "rectification": ActionPage(
        forms.RectificationForm,
        lambda actor, head, form: services.review_head_record_rectification(actor=actor, head=head, **form.arguments()),
    ),
}


class _PersonnelTransitionView(TransitionView):
    subnav_template = "personnel/includes/subnav.html"

    @classmethod
    def offered(cls, user, obj) -> list[dict]:
        """The step pages ``user`` may open on ``obj`` now, in the table's order (``core.rights``)."""
        flow = workflow_for(obj)
        allowed = action_names(user, obj)
        offered = []
        for slug, page in cls.actions.items():
            name = page.action or slug.replace("-", "_")
            if name in allowed:
                step = flow.get(name)
                offered.append({"slug": slug, "title": page.title or step.label, "danger": step.danger})
        return offered


class CaseStepView(_PersonnelTransitionView):
    model = AppointmentCase
    actions = CASE_PAGES

    def get_target_queryset(self):
        return AppointmentCase.objects.visible_to(self.request.user).select_related("congress__region", "session")


class ReportStepView(_PersonnelTransitionView):
    model = DutyReport
    actions = REPORT_PAGES

    def get_target_queryset(self):
        return DutyReport.objects.visible_to(self.request.user).select_related("congress__region", "session")


class PlanStepView(_PersonnelTransitionView):
    model = ReviewPlan
    actions = PLAN_PAGES

    def get_target_queryset(self):
        return ReviewPlan.objects.visible_to(self.request.user).select_related("congress__region")


class HeadStepView(_PersonnelTransitionView):
    model = ReviewedHead
    actions = HEAD_PAGES

    def get_target_queryset(self):
        plans = ReviewPlan.objects.visible_to(self.request.user)
        return ReviewedHead.objects.filter(plan__in=plans).select_related("plan__congress__region")


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
        return services.session_create(actor=self.request.user, **form_data(form))

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
    queryset = AppointmentCase.objects.select_related("congress__region", "session__congress").prefetch_related(
        "events__actor"
    )
    template_name = "personnel/case_detail.html"
    context_object_name = "case"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "available_actions": CaseStepView.offered(self.request.user, self.object),
        }


class CaseCreateView(ServiceFormView):
    template_name = "personnel/create_form.html"
    form_class = forms.AppointmentCaseForm
    extra_context = {"title": _("登记任免案")}
    success_message = _("任免案已登记。")

    def perform(self, form):
        return services.appointment_case_create(actor=self.request.user, **form_data(form))


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
    queryset = DutyReport.objects.select_related(
        "congress__region", "session__congress", "appointment"
    ).prefetch_related("events__actor")
    template_name = "personnel/report_detail.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        report = self.object
        return {
            **super().get_context_data(**kwargs),
            # Members see a report to evaluate it; the workflow offers its steps to staff of its region only.
            "available_actions": ReportStepView.offered(self.request.user, report),
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
        return services.duty_report_create(actor=self.request.user, **form_data(form))


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
    queryset = ReviewPlan.objects.select_related("congress__region").prefetch_related("items", "events__actor")
    template_name = "personnel/plan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        plan = self.object
        heads = list(selectors.review_plan_heads(plan=plan))
        for head in heads:
            head.available_actions = HeadStepView.offered(self.request.user, head)
        return {
            **super().get_context_data(**kwargs),
            "available_actions": PlanStepView.offered(self.request.user, plan),
            "heads": heads,
        }


class PlanCreateView(ServiceFormView):
    template_name = "personnel/create_form.html"
    form_class = forms.ReviewPlanForm
    extra_context = {"title": _("制定履职评议计划")}
    success_message = _("履职评议计划已建立。")

    def perform(self, form):
        return services.review_plan_create(actor=self.request.user, **form_data(form))
