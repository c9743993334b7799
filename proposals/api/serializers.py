from rest_framework import serializers

from core.api import AvailableActionsField

from ..choices import ContactWay, ProposalCategory, ProposalKind, ReplyClass, Satisfaction
from ..models import (
    Assignment,
    HandlingUnit,
    Proposal,
    Reply,
    Session,
)


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = [
            "id",
            "congress",
            "name",
            "sequence",
            "filing_opens",
            "filing_closes",
            "min_motion_cosigners",
            "handling_months",
            "max_handling_months",
        ]


class HandlingUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingUnit
        fields = ["id", "region", "name", "short_name", "is_active"]


class ProposalSerializer(serializers.ModelSerializer):
    display_number = serializers.CharField(read_only=True)
    deputy_name = serializers.CharField(source="deputy.person.name", read_only=True)
    session_name = serializers.CharField(source="session.name", read_only=True)
    lead_units = serializers.SerializerMethodField()
    latest_class = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "session",
            "session_name",
            "kind",
            "number",
            "display_number",
            "title",
            "body",
            "category",
            "status",
            "round",
            "deputy_name",
            "deadline",
            "lead_units",
            "latest_class",
            "submitted_at",
            "registered_at",
        ]

    def get_lead_units(self, obj) -> list[str]:
        return [a.unit.name for a in getattr(obj, "lead_assignments", [])]


class ProposalDetailSerializer(ProposalSerializer):
    """One proposal, with what the requesting user may do to it now."""

    available_actions = AvailableActionsField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "available_actions"]


class ProposalCreateSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    category = serializers.ChoiceField(choices=ProposalCategory.choices)
    submit = serializers.BooleanField(default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["session"].queryset = Session.objects.visible_to(request.user)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AssignSerializer(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all())
    co_units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)
    reason = serializers.CharField(required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            units = HandlingUnit.objects.visible_to(request.user)
            self.fields["lead_unit"].queryset = units
            self.fields["co_units"].child_relation.queryset = units


class ProposalContactSerializer(serializers.Serializer):
    contacted_on = serializers.DateField()
    way = serializers.ChoiceField(choices=ContactWay.choices)
    content = serializers.CharField()


class ReplyInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    classification = serializers.ChoiceField(choices=ReplyClass.choices)
    is_public = serializers.BooleanField(default=False)
    confidential_text = serializers.CharField(required=False, allow_blank=True, default="")


class RatingSerializer(serializers.Serializer):
    work_rating = serializers.ChoiceField(choices=Satisfaction.choices)
    result_rating = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReplySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "round", "unit_name", "text", "classification", "is_public", "on_time", "submitted_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    proposal_status = serializers.CharField(source="proposal.status", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "proposal",
            "proposal_title",
            "proposal_status",
            "unit",
            "unit_name",
            "role",
            "active",
            "assigned_on",
            "deadline",
            "stage",
            "stage_due",
            "signed_at",
        ]
