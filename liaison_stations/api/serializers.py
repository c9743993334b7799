from rest_framework import serializers

from core.api import AvailableActionsField
from deputies.models import Deputy
from regions.models import Region

from ..choices import OpinionCategory, OpinionSource
from ..models import (
    Consultation,
    EvaluationIndicator,
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
from ..workflow import OPINION_FLOW


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related-object field whose choices stop at the caller's jurisdiction."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.context["request"].user)


class StationSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    deputies = ScopedPrimaryKeyField(queryset=Deputy.objects.all(), many=True, required=False)
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.filter(level="township"))

    class Meta:
        model = Station
        fields = [
            "id",
            "name",
            "kind",
            "region",
            "region_name",
            "address",
            "opening_hours",
            "contact_name",
            "contact_phone",
            "description",
            "is_active",
            "deputies",
            "public_code",
        ]
        read_only_fields = ["public_code"]


class ReceptionSerializer(serializers.ModelSerializer):
    """Read only; ``selectors.reception_list`` prefetches ``deputy_list``."""

    station_name = serializers.CharField(source="station.name", read_only=True)
    deputies = serializers.SerializerMethodField()
    deputy_names = serializers.SerializerMethodField()

    class Meta:
        model = Reception
        fields = ["id", "station", "station_name", "date", "deputies", "deputy_names", "visitor_count", "topics"]

    def get_deputies(self, obj) -> list[int]:
        return [d.pk for d in obj.deputy_list]

    def get_deputy_names(self, obj) -> list[str]:
        return [d.person.name for d in obj.deputy_list]


class OpinionItemSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True, default="")
    is_overdue = serializers.BooleanField(read_only=True)
    is_due_soon = serializers.BooleanField(read_only=True)

    class Meta:
        model = OpinionItem
        fields = [
            "id",
            "title",
            "content",
            "category",
            "source",
            "location",
            "region",
            "station",
            "station_name",
            "status",
            "step_due_date",
            "is_overdue",
            "is_due_soon",
            "assigned_unit",
            "assigned_deputy",
            "handling_result",
            "reply",
            "rating",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields


class OpinionItemDetailSerializer(OpinionItemSerializer):
    available_actions = AvailableActionsField()

    class Meta(OpinionItemSerializer.Meta):
        fields = [*OpinionItemSerializer.Meta.fields, "available_actions"]
        read_only_fields = fields


class OpinionItemCreateSerializer(serializers.Serializer):
    station = ScopedPrimaryKeyField(queryset=Station.objects.all())
    title = serializers.CharField(max_length=100)
    content = serializers.CharField()
    category = serializers.ChoiceField(choices=OpinionCategory.choices)
    source = serializers.ChoiceField(choices=OpinionSource.choices, default=OpinionSource.RECEPTION)
    location = serializers.CharField(max_length=200, required=False, default="")
    resident_name = serializers.CharField(max_length=64, required=False, default="")
    resident_phone = serializers.CharField(max_length=32, required=False, default="")


class OpinionTransitionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(step.name, step.label) for step in OPINION_FLOW.transitions])
    category = serializers.ChoiceField(choices=OpinionCategory.choices, required=False)
    unit = serializers.CharField(required=False, default="")
    deputy = ScopedPrimaryKeyField(queryset=Deputy.objects.all(), required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)
    result = serializers.CharField(required=False, default="", allow_blank=True)
    reply = serializers.CharField(required=False, default="", allow_blank=True)
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class SolicitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Solicitation
        fields = ["id", "title", "kind", "region", "description", "start_date", "end_date", "stations"]


class SolicitationOpinionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SolicitationOpinion
        fields = ["id", "solicitation", "station", "clause", "content", "contributor_count", "created_at"]


class ConsultationSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "station",
            "station_name",
            "date",
            "body_kind",
            "body_name",
            "topic",
            "participants",
            "participant_count",
            "outcome",
        ]


class EvaluationIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationIndicator
        fields = ["id", "name", "description", "weight", "position"]


class EvaluationIndicatorSetSerializer(serializers.ModelSerializer):
    indicators = EvaluationIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationIndicatorSet
        fields = ["id", "region", "year", "name", "indicators"]


class StationEvaluationSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    year = serializers.IntegerField(source="indicator_set.year", read_only=True)
    rank = serializers.IntegerField(read_only=True)

    class Meta:
        model = StationEvaluation
        fields = [
            "id",
            "station",
            "station_name",
            "indicator_set",
            "year",
            "quarter",
            "self_total",
            "review_total",
            "rank",
        ]


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "title", "region", "date", "stations", "summary"]


class InspectionProblemSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    available_actions = AvailableActionsField()

    class Meta:
        model = InspectionProblem
        fields = [
            "id",
            "inspection",
            "station",
            "station_name",
            "category",
            "description",
            "owner",
            "deadline",
            "status",
            "is_overdue",
            "rectification",
            "rectified_on",
            "available_actions",
        ]
