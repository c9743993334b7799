"""REST API: scoped read endpoints with the list FilterSets; transitions as actions calling services."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedReadOnlyModelViewSet, transition_endpoint
from core.rights import can

from .. import selectors, services
from ..filters import (
    AssignmentFilterSet,
    HandlingUnitFilterSet,
    ProposalFilterSet,
    SessionFilterSet,
)
from ..models import Assignment, HandlingUnit, Proposal, Session
from . import serializers as s

DOMAIN_ERROR = OpenApiResponse(description="domain rule broken")
STEP_RESPONSES = {200: s.ProposalDetailSerializer, 400: DOMAIN_ERROR}


class SessionViewSet(ScopedReadOnlyModelViewSet):
    queryset = Session.objects.select_related("congress")
    serializer_class = s.SessionSerializer
    filterset_class = SessionFilterSet


class HandlingUnitViewSet(ScopedReadOnlyModelViewSet):
    queryset = HandlingUnit.objects.select_related("region")
    serializer_class = s.HandlingUnitSerializer
    filterset_class = HandlingUnitFilterSet
    search_fields = ["name"]


def _assign_or_reassign(*, actor, obj, reason: str = "", **units):
    if can(actor, "assign", obj):
        return services.proposal_assign(actor=actor, proposal=obj, **units)
    # The service refuses a reassignment without a reason, with a clear message.
    return services.proposal_reassign(actor=actor, proposal=obj, reason=reason, **units)


class ProposalViewSet(ScopedReadOnlyModelViewSet):
    queryset = Proposal.objects.all()
    serializer_class = s.ProposalSerializer
    filterset_class = ProposalFilterSet

    def get_queryset(self):
        return selectors.proposal_list(user=self.request.user)

    @extend_schema(
        request=s.ProposalCreateSerializer,
        responses={201: s.ProposalDetailSerializer, 400: DOMAIN_ERROR},
    )
    def create(self, request):
        """A deputy files a draft; ``submit: true`` submits it at once."""
        data = self._valid(s.ProposalCreateSerializer)
        submit = data.pop("submit")
        proposal = services.proposal_create_draft(actor=request.user, **data)
        if submit:
            services.proposal_submit(actor=request.user, proposal=proposal)
        return Response(self.detail_of(proposal), status=status.HTTP_201_CREATED)

    def _valid(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.ProposalDetailSerializer
        return super().get_serializer_class()

    def detail_of(self, proposal):
        """The record after a step, read again through the list's selector, with its actions."""
        fresh = self.get_queryset().filter(pk=proposal.pk).first() or proposal
        return s.ProposalDetailSerializer(fresh, context=self.get_serializer_context()).data

    submit = extend_schema(request=None, responses=STEP_RESPONSES)(
        transition_endpoint(
            "submit",
            lambda actor, obj: services.proposal_submit(actor=actor, proposal=obj),
            output=lambda view, proposal: view.detail_of(proposal),
        )
    )
    register = extend_schema(request=None, responses=STEP_RESPONSES)(
        transition_endpoint(
            "register",
            lambda actor, obj: services.proposal_register(actor=actor, proposal=obj),
            output=lambda view, proposal: view.detail_of(proposal),
        )
    )
    return_for_revision = extend_schema(request=s.ReasonSerializer, responses=STEP_RESPONSES)(
        transition_endpoint(
            "return_for_revision",
            lambda actor, obj, **data: services.proposal_return(actor=actor, proposal=obj, **data),
            input_serializer=s.ReasonSerializer,
            url_path="return",
            output=lambda view, proposal: view.detail_of(proposal),
        )
    )
    # One endpoint hands a registered proposal out and moves one being handled to other units.
    assign = extend_schema(request=s.AssignSerializer, responses=STEP_RESPONSES)(
        transition_endpoint(
            "assign",
            _assign_or_reassign,
            input_serializer=s.AssignSerializer,
            output=lambda view, proposal: view.detail_of(proposal),
        )
    )
    rate = extend_schema(request=s.RatingSerializer, responses=STEP_RESPONSES)(
        transition_endpoint(
            "rate",
            lambda actor, obj, **data: services.reply_rate(actor=actor, proposal=obj, **data),
            input_serializer=s.RatingSerializer,
            output=lambda view, rating: view.detail_of(view.get_object()),
        )
    )

    @extend_schema(
        request=s.ReplyInputSerializer,
        responses={201: s.ReplySerializer, 400: DOMAIN_ERROR},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        data = self._valid(s.ReplyInputSerializer)
        reply = services.reply_submit(actor=request.user, proposal=self.get_object(), **data)
        return Response(s.ReplySerializer(reply).data, status=status.HTTP_201_CREATED)

    @extend_schema(filters=False, responses={200: s.ReplySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def replies(self, request, pk=None):
        proposal = self.get_object()
        return Response(s.ReplySerializer(proposal.replies.select_related("unit"), many=True).data)


class AssignmentViewSet(ScopedReadOnlyModelViewSet):
    """Assignments; handling-unit staff see their own units' tasks."""

    queryset = Assignment.objects.select_related("unit", "proposal")
    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilterSet

    sign = extend_schema(request=None, responses={200: s.AssignmentSerializer, 400: DOMAIN_ERROR})(
        transition_endpoint(
            "sign",
            lambda actor, obj: services.assignment_sign(actor=actor, assignment=obj),
            output=lambda view, assignment: s.AssignmentSerializer(assignment).data,
        )
    )

    @extend_schema(request=s.ProposalContactSerializer, responses={201: None, 400: DOMAIN_ERROR})
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        serializer = s.ProposalContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.contact_record(actor=request.user, assignment=self.get_object(), **serializer.validated_data)
        return Response(status=status.HTTP_201_CREATED)
