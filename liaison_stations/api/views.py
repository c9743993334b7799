from rest_framework import status
from rest_framework.response import Response

from core.api import ScopedModelViewSet, ScopedReadOnlyModelViewSet, transition_endpoint

from .. import selectors, services
from ..filters import (
    ConsultationFilterSet,
    InspectionProblemFilterSet,
    OpinionItemFilterSet,
    ReceptionFilterSet,
    SolicitationFilterSet,
    StationEvaluationFilterSet,
    StationFilterSet,
)
from ..models import (
    Consultation,
    EvaluationIndicatorSet,
    Inspection,
    InspectionProblem,
    OpinionItem,
    Reception,
    Solicitation,
    SolicitationOpinion,
    Station,
    StationEvaluation,
)
from ..views import run_transition
from . import serializers as s


class StationViewSet(ScopedModelViewSet):
    queryset = Station.objects.select_related("region").prefetch_related("deputies")
    serializer_class = s.StationSerializer
    filterset_class = StationFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.station_create(
            actor=self.request.user, deputies=data.pop("deputies", None), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.station_update(
            actor=self.request.user, station=serializer.instance, deputies=data.pop("deputies", None), **data
        )


class ReceptionViewSet(ScopedReadOnlyModelViewSet):
    queryset = Reception.objects.all()
    serializer_class = s.ReceptionSerializer
    filterset_class = ReceptionFilterSet

    def get_queryset(self):
        return selectors.reception_list(user=self.request.user)


def _item_detail(viewset, item):
    """The moved item as its detail (with the due flags of the list's selector)."""
    fresh = viewset.get_queryset().get(pk=item.pk)
    return s.OpinionItemDetailSerializer(fresh, context=viewset.get_serializer_context()).data


class OpinionItemViewSet(ScopedModelViewSet):
    """Opinion items; transitions are POSTs to ``transition`` with an ``action`` and its fields.

    Items are never edited or deleted through the API: they change only by transitions.
    """

    http_method_names = ["get", "post", "head", "options"]

    serializer_class = s.OpinionItemSerializer
    filterset_class = OpinionItemFilterSet
    queryset = OpinionItem.objects.all()

    def get_queryset(self):
        return selectors.opinion_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return s.OpinionItemCreateSerializer
        if self.action == "transition":
            return s.OpinionTransitionInputSerializer
        if self.action == "retrieve":
            return s.OpinionItemDetailSerializer
        return s.OpinionItemSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        station, source = data.pop("station"), data.pop("source")
        item = services.opinion_create(
            actor=request.user, station=station, source=source, data=services.OpinionInput(**data)
        )
        item = self.get_queryset().get(pk=item.pk)
        return Response(s.OpinionItemSerializer(item).data, status=status.HTTP_201_CREATED)

    transition = transition_endpoint(
        "transition",
        lambda actor, obj, action, **data: run_transition(action=action, actor=actor, item=obj, data=data),
        input_serializer=s.OpinionTransitionInputSerializer,
        output=_item_detail,
    )


class SolicitationViewSet(ScopedReadOnlyModelViewSet):
    queryset = Solicitation.objects.prefetch_related("stations")
    serializer_class = s.SolicitationSerializer
    filterset_class = SolicitationFilterSet


class SolicitationOpinionViewSet(ScopedReadOnlyModelViewSet):
    queryset = SolicitationOpinion.objects.all()
    serializer_class = s.SolicitationOpinionSerializer
    filterset_fields = ["solicitation", "station"]


class ConsultationViewSet(ScopedReadOnlyModelViewSet):
    queryset = Consultation.objects.select_related("station")
    serializer_class = s.ConsultationSerializer
    filterset_class = ConsultationFilterSet


class EvaluationIndicatorSetViewSet(ScopedReadOnlyModelViewSet):
    queryset = EvaluationIndicatorSet.objects.prefetch_related("indicators")
    serializer_class = s.EvaluationIndicatorSetSerializer
    filterset_fields = ["year", "region"]


class StationEvaluationViewSet(ScopedReadOnlyModelViewSet):
    queryset = StationEvaluation.objects.all()
    serializer_class = s.StationEvaluationSerializer
    filterset_class = StationEvaluationFilterSet

    def get_queryset(self):
        return selectors.evaluation_ranking(user=self.request.user)


class InspectionViewSet(ScopedReadOnlyModelViewSet):
    queryset = Inspection.objects.prefetch_related("stations")
    serializer_class = s.InspectionSerializer


class InspectionProblemViewSet(ScopedReadOnlyModelViewSet):
    queryset = InspectionProblem.objects.all()
    serializer_class = s.InspectionProblemSerializer
    filterset_class = InspectionProblemFilterSet

    def get_queryset(self):
        return selectors.problem_list(user=self.request.user)
