"""REST endpoints: scoped lists with the shared FilterSets; each step is a POST action calling its service."""

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedModelViewSet, ScopedReadOnlyModelViewSet, transition_endpoint

from .. import services
from ..filters import (
    AppointmentCaseFilterSet,
    CommitteeMemberFilterSet,
    DutyReportFilterSet,
    ReviewPlanFilterSet,
    StandingCommitteeSessionFilterSet,
)
from ..models import AppointmentCase, CommitteeMember, DutyReport, ReviewPlan, StandingCommitteeSession
from . import serializers as s


class SessionViewSet(ScopedReadOnlyModelViewSet):
    queryset = StandingCommitteeSession.objects.select_related("congress")
    serializer_class = s.StandingCommitteeSessionSerializer
    filterset_class = StandingCommitteeSessionFilterSet


class CommitteeMemberViewSet(ScopedReadOnlyModelViewSet):
    queryset = CommitteeMember.objects.select_related("congress")
    serializer_class = s.CommitteeMemberSerializer
    filterset_class = CommitteeMemberFilterSet


def _record(view, obj) -> dict:
    """The record again as the detail serializer shows it (with its annotations and available actions)."""
    fresh = view.get_queryset().get(pk=obj.pk)
    return view.detail_serializer_class(fresh, context=view.get_serializer_context()).data


def _stepper(detail_serializer_class):
    """Steps of one kind of record: ``step(name, run, input_serializer)`` for its viewset."""

    def step(name: str, run: Callable[..., Any], input_serializer=None):
        """``POST …/<pk>/<name>/`` runs the step and answers with the record (``core.api.transition_endpoint``)."""

        def run_then_record(*, actor, obj, **data):
            run(actor=actor, obj=obj, **data)
            return obj

        endpoint = transition_endpoint(name, run_then_record, input_serializer=input_serializer, output=_record)
        return extend_schema(request=input_serializer, responses=detail_serializer_class)(endpoint)

    return step


class _StepViewSet(ScopedModelViewSet):
    """Create through a service, then one POST action per step; no raw updates or deletes.

    Lists use the list serializer; a record and the answer of each step the detail
    serializer, with the actions the caller may take on it now.
    """

    http_method_names = ["get", "post", "head", "options"]
    write_serializer_class: type[s.serializers.Serializer]
    detail_serializer_class: type[s.serializers.Serializer]
    create_service: Callable[..., Any]

    def get_serializer_class(self):
        if self.action == "retrieve" or self.serializer_class is None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        serializer = self.write_serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        obj = type(self).create_service(actor=request.user, **serializer.validated_data)
        return Response(_record(self, obj), status=status.HTTP_201_CREATED)


case_step = _stepper(s.AppointmentCaseDetailSerializer)


class AppointmentCaseViewSet(_StepViewSet):
    queryset = AppointmentCase.objects.select_related("congress__region", "session").prefetch_related("events__actor")
    serializer_class = s.AppointmentCaseSerializer
    detail_serializer_class = s.AppointmentCaseDetailSerializer
    filterset_class = AppointmentCaseFilterSet
    write_serializer_class = s.AppointmentCaseWriteSerializer
    create_service = services.appointment_case_create
    search_fields = ["nominee_name", "post"]
    ordering_fields = ["submitted_on", "nominee_name", "status"]

    @extend_schema(request=s.AppointmentCaseWriteSerializer, responses={201: s.AppointmentCaseDetailSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    exam = case_step(
        "exam",
        lambda actor, obj, **d: services.appointment_case_record_exam(actor=actor, case=obj, **d),
        s.ExamSerializer,
    )
    submit = case_step(
        "submit",
        lambda actor, obj, **d: services.appointment_case_submit_for_review(actor=actor, case=obj, **d),
        s.SubmitSerializer,
    )
    vote = case_step(
        "vote",
        lambda actor, obj, **d: services.appointment_case_record_vote(actor=actor, case=obj, **d),
        s.VoteSerializer,
    )
    issue_letter = case_step(
        "issue_letter",
        lambda actor, obj, **d: services.appointment_case_issue_letter(actor=actor, case=obj, **d),
        s.LetterSerializer,
    )
    oath = case_step(
        "oath",
        lambda actor, obj, **d: services.appointment_case_record_oath(actor=actor, case=obj, **d),
        s.OathSerializer,
    )
    withdraw = case_step(
        "withdraw",
        lambda actor, obj, **d: services.appointment_case_withdraw(actor=actor, case=obj, **d),
        s.NoteSerializer,
    )


report_step = _stepper(s.DutyReportDetailSerializer)


class DutyReportViewSet(_StepViewSet):
    queryset = DutyReport.objects.select_related("congress__region", "session").with_results().order_by("-year", "-pk")
    serializer_class = s.DutyReportSerializer
    detail_serializer_class = s.DutyReportDetailSerializer
    filterset_class = DutyReportFilterSet
    write_serializer_class = s.DutyReportWriteSerializer
    create_service = services.duty_report_create
    search_fields = ["person_name", "post"]
    ordering_fields = ["year", "person_name", "status"]

    @extend_schema(request=s.DutyReportWriteSerializer, responses={201: s.DutyReportDetailSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    preliminary = report_step(
        "preliminary",
        lambda actor, obj, **d: services.duty_report_preliminary_review(actor=actor, report=obj, **d),
        s.ReviewStepSerializer,
    )
    chairpersons = report_step(
        "chairpersons",
        lambda actor, obj, **d: services.duty_report_chairpersons_review(actor=actor, report=obj, **d),
        s.ReviewStepSerializer,
    )
    open_evaluation = report_step(
        "open_evaluation",
        lambda actor, obj, **d: services.duty_report_open_evaluation(actor=actor, report=obj, **d),
        s.OpenEvaluationSerializer,
    )

    @extend_schema(request=s.BallotSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def ballot(self, request, pk=None):
        """Cast the caller's secret ballot; the response says nothing about the choice."""
        report = self.get_object()
        serializer = s.BallotSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.evaluation_cast_ballot(actor=request.user, report=report, grade=serializer.validated_data["grade"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    paper_totals = report_step(
        "paper_totals",
        lambda actor, obj, **d: services.evaluation_enter_paper_totals(actor=actor, report=obj, counts=d),
        s.PaperTotalsSerializer,
    )
    close_evaluation = report_step(
        "close_evaluation",
        lambda actor, obj: services.duty_report_close_evaluation(actor=actor, report=obj),
    )
    feedback = report_step(
        "feedback",
        lambda actor, obj, **d: services.duty_report_give_feedback(actor=actor, report=obj, **d),
        s.FeedbackSerializer,
    )
    report_upward = report_step(
        "report_upward",
        lambda actor, obj, **d: services.duty_report_report_upward(actor=actor, report=obj, **d),
        s.ReportUpwardSerializer,
    )


def _record_scores(*, actor, obj: ReviewPlan, head: int, scores: dict) -> None:
    services.review_head_record_scores(
        actor=actor,
        head=get_object_or_404(obj.heads, pk=head),
        scores={int(item_id): score for item_id, score in scores.items()},
    )


def _record_rectification(*, actor, obj: ReviewPlan, head: int, rectification_status: str, **data) -> None:
    services.review_head_record_rectification(
        actor=actor, head=get_object_or_404(obj.heads, pk=head), status=rectification_status, **data
    )


plan_step = _stepper(s.ReviewPlanDetailSerializer)


class ReviewPlanViewSet(_StepViewSet):
    queryset = ReviewPlan.objects.select_related("congress__region").prefetch_related("items", "heads")
    serializer_class = s.ReviewPlanSerializer
    detail_serializer_class = s.ReviewPlanDetailSerializer
    filterset_class = ReviewPlanFilterSet
    write_serializer_class = s.ReviewPlanWriteSerializer
    create_service = services.review_plan_create
    ordering_fields = ["year", "title", "status"]

    @extend_schema(request=s.ReviewPlanWriteSerializer, responses={201: s.ReviewPlanDetailSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    add_item = plan_step(
        "add_item",
        lambda actor, obj, **d: services.review_plan_add_item(actor=actor, plan=obj, **d),
        s.ReviewItemWriteSerializer,
    )
    add_head = plan_step(
        "add_head",
        lambda actor, obj, **d: services.review_plan_add_head(actor=actor, plan=obj, **d),
        s.ReviewHeadWriteSerializer,
    )
    start_survey = plan_step(
        "start_survey", lambda actor, obj: services.review_plan_start_survey(actor=actor, plan=obj)
    )
    start_scoring = plan_step(
        "start_scoring", lambda actor, obj: services.review_plan_start_scoring(actor=actor, plan=obj)
    )
    # A head's steps, addressed through its plan: ``head`` in the body names it.
    scores = plan_step("scores", _record_scores, s.HeadScoresSerializer)
    rank = plan_step("rank", lambda actor, obj: services.review_plan_rank(actor=actor, plan=obj))
    rectification = plan_step("rectification", _record_rectification, s.RectificationSerializer)
    start_rectification = plan_step(
        "start_rectification", lambda actor, obj: services.review_plan_start_rectification(actor=actor, plan=obj)
    )
    close = plan_step("close", lambda actor, obj: services.review_plan_close(actor=actor, plan=obj))
