"""REST API: scoped read endpoints with the list FilterSets; transitions as actions calling services."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedReadOnlyModelViewSet

from .. import selectors, services
from ..choices import ProposalStatus
from ..filters import (
    AssignmentFilterSet,
    HandlingUnitFilterSet,
    ProposalFilterSet,
    SessionFilterSet,
)
from ..models import Assignment, HandlingUnit, Proposal, Session
from . import serializers as s

DOMAIN_ERROR = OpenApiResponse(description="domain rule broken")


class SessionViewSet(ScopedReadOnlyModelViewSet):
    queryset = Session.objects.select_related("congress")
    serializer_class = s.SessionSerializer
    filterset_class = SessionFilterSet


class HandlingUnitViewSet(ScopedReadOnlyModelViewSet):
    queryset = HandlingUnit.objects.select_related("region")
    serializer_class = s.HandlingUnitSerializer
    filterset_class = HandlingUnitFilterSet
    search_fields = ["name"]


class ProposalViewSet(ScopedReadOnlyModelViewSet):
    queryset = Proposal.objects.all()
    serializer_class = s.ProposalSerializer
    filterset_class = ProposalFilterSet

    def get_queryset(self):
        return selectors.proposal_list(user=self.request.user)

    @extend_schema(
        request=s.ProposalCreateSerializer,
        responses={201: s.ProposalSerializer, 400: DOMAIN_ERROR},
    )
    def create(self, request):
        """A deputy files a draft; ``submit: true`` submits it at once."""
        data = self._valid(s.ProposalCreateSerializer)
        submit = data.pop("submit")
        proposal = services.proposal_create_draft(actor=request.user, **data)
        if submit:
            services.proposal_submit(actor=request.user, proposal=proposal)
        return self._respond(proposal, status.HTTP_201_CREATED)

    def _valid(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _respond(self, proposal, code=status.HTTP_200_OK):
        fresh = self.get_queryset().filter(pk=proposal.pk).first() or proposal
        return Response(s.ProposalSerializer(fresh).data, status=code)

    @extend_schema(request=None, responses={200: s.ProposalSerializer, 400: DOMAIN_ERROR})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        proposal = services.proposal_submit(actor=request.user, proposal=self.get_object())
        return self._respond(proposal)

    @extend_schema(request=None, responses={200: s.ProposalSerializer, 400: DOMAIN_ERROR})
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        return self._respond(services.proposal_register(actor=request.user, proposal=self.get_object()))

    @extend_schema(
        request=s.ReasonSerializer,
        responses={200: s.ProposalSerializer, 400: DOMAIN_ERROR},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_revision(self, request, pk=None):
        data = self._valid(s.ReasonSerializer)
        return self._respond(services.proposal_return(actor=request.user, proposal=self.get_object(), **data))

    @extend_schema(
        request=s.AssignSerializer,
        responses={200: s.ProposalSerializer, 400: DOMAIN_ERROR},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        data = self._valid(s.AssignSerializer)
        proposal = self.get_object()
        if proposal.status == ProposalStatus.REGISTERED:
            data.pop("reason", None)
            proposal = services.proposal_assign(actor=request.user, proposal=proposal, **data)
        else:
            # The service refuses a reassignment without a reason, with a clear message.
            data.setdefault("reason", "")
            proposal = services.proposal_reassign(actor=request.user, proposal=proposal, **data)
        return self._respond(proposal)

    @extend_schema(
        request=s.ReplyInputSerializer,
        responses={201: s.ReplySerializer, 400: DOMAIN_ERROR},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        data = self._valid(s.ReplyInputSerializer)
        reply = services.reply_submit(actor=request.user, proposal=self.get_object(), **data)
        return Response(s.ReplySerializer(reply).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.RatingSerializer,
        responses={200: s.ProposalSerializer, 400: DOMAIN_ERROR},
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        data = self._valid(s.RatingSerializer)
        services.reply_rate(actor=request.user, proposal=self.get_object(), **data)
        return self._respond(self.get_object())

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

    @extend_schema(request=None, responses={200: s.AssignmentSerializer, 400: DOMAIN_ERROR})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        assignment = services.assignment_sign(actor=request.user, assignment=self.get_object())
        return Response(s.AssignmentSerializer(assignment).data)

    @extend_schema(request=s.ProposalContactSerializer, responses={201: None, 400: DOMAIN_ERROR})
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        serializer = s.ProposalContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.contact_record(actor=request.user, assignment=self.get_object(), **serializer.validated_data)
        return Response(status=status.HTTP_201_CREATED)
