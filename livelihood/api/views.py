"""REST API: calls and candidates, read-only and scoped; the ballot as an action calling the service."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedReadOnlyModelViewSet

from .. import selectors, services
from ..filters import LivelihoodCandidateFilterSet
from ..models import LivelihoodCall, LivelihoodCandidate, VoteSession
from . import serializers as s

DOMAIN_ERROR = OpenApiResponse(description="domain rule broken")


class LivelihoodCallViewSet(ScopedReadOnlyModelViewSet):
    queryset = LivelihoodCall.objects.select_related("congress")
    serializer_class = s.LivelihoodCallSerializer

    # Not a transition_endpoint: the vote's "cast" step is addressed by its call and answers
    # 201 with nothing of the (secret) ballot, where transition_endpoint answers 200 with the record.
    @extend_schema(request=s.LivelihoodBallotSerializer, responses={201: None, 400: DOMAIN_ERROR})
    @action(detail=True, methods=["post"])
    def ballot(self, request, pk=None):
        """Cast the caller's ballot: ``{"choices": {"<candidate id>": "for" | "against" | "abstain"}}``."""
        call = self.get_object()
        vote = get_object_or_404(VoteSession, call=call)
        serializer = s.LivelihoodBallotSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.ballot_cast(actor=request.user, vote=vote, choices=serializer.validated_data["choices"])
        return Response({"detail": "ok"}, status=status.HTTP_201_CREATED)


class LivelihoodCandidateViewSet(ScopedReadOnlyModelViewSet):
    """Candidates of the calls the caller may see (visibility follows the call)."""

    queryset = LivelihoodCandidate.objects.select_related("call")
    serializer_class = s.LivelihoodCandidateSerializer
    filterset_class = LivelihoodCandidateFilterSet

    def get_queryset(self):
        return selectors.candidate_list(user=self.request.user)
