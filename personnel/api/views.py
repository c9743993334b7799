"""REST endpoints: scoped lists with the shared FilterSets; each step is a POST action calling its service."""

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedModelViewSet, ScopedReadOnlyModelViewSet

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


class _StepViewSet(ScopedModelViewSet):
    """Create through a service, then one POST action per step; no raw updates or deletes."""

    http_method_names = ["get", "post", "head", "options"]
    write_serializer_class: type[s.serializers.Serializer]
    create_service: Callable[..., Any]

    def _respond(self, obj, code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def _validated(self, request, serializer_class) -> dict:
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def create(self, request, *args, **kwargs):
        data = self._validated(request, self.write_serializer_class)
        obj = type(self).create_service(actor=request.user, **data)
        return self._respond(obj, status.HTTP_201_CREATED)

    def _step(self, request, serializer_class, run) -> Response:
        obj = self.get_object()
        data = self._validated(request, serializer_class) if serializer_class else {}
        run(obj, data)
        return self._respond(obj)


class AppointmentCaseViewSet(_StepViewSet):
    queryset = AppointmentCase.objects.select_related("congress", "session").prefetch_related("events__actor")
    serializer_class = s.AppointmentCaseSerializer
    filterset_class = AppointmentCaseFilterSet
    write_serializer_class = s.AppointmentCaseWriteSerializer
    create_service = services.appointment_case_create
    search_fields = ["nominee_name", "post"]
    ordering_fields = ["submitted_on", "nominee_name", "status"]

    @extend_schema(request=s.AppointmentCaseWriteSerializer)
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=s.ExamSerializer)
    @action(detail=True, methods=["post"])
    def exam(self, request, pk=None):
        return self._step(
            request,
            s.ExamSerializer,
            lambda c, d: services.appointment_case_record_exam(actor=request.user, case=c, **d),
        )

    @extend_schema(request=s.SubmitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(
            request,
            s.SubmitSerializer,
            lambda c, d: services.appointment_case_submit_for_review(actor=request.user, case=c, **d),
        )

    @extend_schema(request=s.VoteSerializer)
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        return self._step(
            request,
            s.VoteSerializer,
            lambda c, d: services.appointment_case_record_vote(actor=request.user, case=c, **d),
        )

    @extend_schema(request=s.LetterSerializer)
    @action(detail=True, methods=["post"], url_path="issue-letter")
    def issue_letter(self, request, pk=None):
        return self._step(
            request,
            s.LetterSerializer,
            lambda c, d: services.appointment_case_issue_letter(actor=request.user, case=c, **d),
        )

    @extend_schema(request=s.OathSerializer)
    @action(detail=True, methods=["post"])
    def oath(self, request, pk=None):
        return self._step(
            request,
            s.OathSerializer,
            lambda c, d: services.appointment_case_record_oath(actor=request.user, case=c, **d),
        )

    @extend_schema(request=s.NoteSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(
            request, s.NoteSerializer, lambda c, d: services.appointment_case_withdraw(actor=request.user, case=c, **d)
        )


class DutyReportViewSet(_StepViewSet):
    queryset = DutyReport.objects.select_related("congress", "session").with_results().order_by("-year", "-pk")
    serializer_class = s.DutyReportSerializer
    filterset_class = DutyReportFilterSet
    write_serializer_class = s.DutyReportWriteSerializer
    create_service = services.duty_report_create
    search_fields = ["person_name", "post"]
    ordering_fields = ["year", "person_name", "status"]

    @extend_schema(request=s.DutyReportWriteSerializer)
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=s.ReviewStepSerializer)
    @action(detail=True, methods=["post"])
    def preliminary(self, request, pk=None):
        return self._step(
            request,
            s.ReviewStepSerializer,
            lambda r, d: services.duty_report_preliminary_review(actor=request.user, report=r, **d),
        )

    @extend_schema(request=s.ReviewStepSerializer)
    @action(detail=True, methods=["post"])
    def chairpersons(self, request, pk=None):
        return self._step(
            request,
            s.ReviewStepSerializer,
            lambda r, d: services.duty_report_chairpersons_review(actor=request.user, report=r, **d),
        )

    @extend_schema(request=s.OpenEvaluationSerializer)
    @action(detail=True, methods=["post"], url_path="open-evaluation")
    def open_evaluation(self, request, pk=None):
        return self._step(
            request,
            s.OpenEvaluationSerializer,
            lambda r, d: services.duty_report_open_evaluation(actor=request.user, report=r, **d),
        )

    @extend_schema(request=s.BallotSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def ballot(self, request, pk=None):
        """Cast the caller's secret ballot; the response says nothing about the choice."""
        report = self.get_object()
        data = self._validated(request, s.BallotSerializer)
        services.evaluation_cast_ballot(actor=request.user, report=report, grade=data["grade"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.PaperTotalsSerializer)
    @action(detail=True, methods=["post"], url_path="paper-totals")
    def paper_totals(self, request, pk=None):
        return self._step(
            request,
            s.PaperTotalsSerializer,
            lambda r, d: services.evaluation_enter_paper_totals(actor=request.user, report=r, counts=d),
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="close-evaluation")
    def close_evaluation(self, request, pk=None):
        return self._step(
            request, None, lambda r, d: services.duty_report_close_evaluation(actor=request.user, report=r)
        )

    @extend_schema(request=s.FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        return self._step(
            request,
            s.FeedbackSerializer,
            lambda r, d: services.duty_report_give_feedback(actor=request.user, report=r, **d),
        )

    @extend_schema(request=s.ReportUpwardSerializer)
    @action(detail=True, methods=["post"], url_path="report-upward")
    def report_upward(self, request, pk=None):
        return self._step(
            request,
            s.ReportUpwardSerializer,
            lambda r, d: services.duty_report_report_upward(actor=request.user, report=r, **d),
        )


class ReviewPlanViewSet(_StepViewSet):
    queryset = ReviewPlan.objects.select_related("congress").prefetch_related("items", "heads")
    serializer_class = s.ReviewPlanSerializer
    filterset_class = ReviewPlanFilterSet
    write_serializer_class = s.ReviewPlanWriteSerializer
    create_service = services.review_plan_create
    ordering_fields = ["year", "title", "status"]

    @extend_schema(request=s.ReviewPlanWriteSerializer)
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=s.ReviewItemWriteSerializer)
    @action(detail=True, methods=["post"], url_path="add-item")
    def add_item(self, request, pk=None):
        return self._step(
            request,
            s.ReviewItemWriteSerializer,
            lambda p, d: services.review_plan_add_item(actor=request.user, plan=p, **d),
        )

    @extend_schema(request=s.ReviewHeadWriteSerializer)
    @action(detail=True, methods=["post"], url_path="add-head")
    def add_head(self, request, pk=None):
        return self._step(
            request,
            s.ReviewHeadWriteSerializer,
            lambda p, d: services.review_plan_add_head(actor=request.user, plan=p, **d),
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="start-survey")
    def start_survey(self, request, pk=None):
        return self._step(request, None, lambda p, d: services.review_plan_start_survey(actor=request.user, plan=p))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="start-scoring")
    def start_scoring(self, request, pk=None):
        return self._step(request, None, lambda p, d: services.review_plan_start_scoring(actor=request.user, plan=p))

    @extend_schema(request=s.HeadScoresSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        def run(plan, data):
            head = get_object_or_404(plan.heads, pk=data["head"])
            scores = {int(item_id): score for item_id, score in data["scores"].items()}
            services.review_head_record_scores(actor=request.user, head=head, scores=scores)

        return self._step(request, s.HeadScoresSerializer, run)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def rank(self, request, pk=None):
        return self._step(request, None, lambda p, d: services.review_plan_rank(actor=request.user, plan=p))

    @extend_schema(request=s.RectificationSerializer)
    @action(detail=True, methods=["post"])
    def rectification(self, request, pk=None):
        def run(plan, data):
            head = get_object_or_404(plan.heads, pk=data.pop("head"))
            status_value = data.pop("rectification_status")
            services.review_head_record_rectification(actor=request.user, head=head, status=status_value, **data)

        return self._step(request, s.RectificationSerializer, run)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="start-rectification")
    def start_rectification(self, request, pk=None):
        return self._step(
            request, None, lambda p, d: services.review_plan_start_rectification(actor=request.user, plan=p)
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, None, lambda p, d: services.review_plan_close(actor=request.user, plan=p))
