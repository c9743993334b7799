from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import AvailableActionsField
from core.scoping import regions_visible_to
from deputies.models import Congress

from ..choices import Grade, RectificationStatus
from ..models import (
    AppointmentCase,
    CommitteeMember,
    DutyReport,
    ReviewedHead,
    ReviewItem,
    ReviewPlan,
    StandingCommitteeSession,
)


@extend_schema_field(OpenApiTypes.INT)
class ScopedCongressField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Congress.objects.filter(region__in=regions_visible_to(self.context["request"].user))


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related field whose choices are the rows the caller may see."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.context["request"].user)


class EventSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    actor = serializers.StringRelatedField()
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    to_label = serializers.CharField()
    note = serializers.CharField()


class StandingCommitteeSessionSerializer(serializers.ModelSerializer):
    congress_name = serializers.CharField(source="congress.name", read_only=True)

    class Meta:
        model = StandingCommitteeSession
        fields = ["id", "congress", "congress_name", "number", "held_on"]


class CommitteeMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["id", "congress", "name", "position", "is_active"]


# Appointment cases
# ------------------------------------------------------------------------------


class AppointmentCaseSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    congress_name = serializers.CharField(source="congress.name", read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = AppointmentCase
        fields = [
            "id",
            "congress",
            "congress_name",
            "session",
            "nominee_name",
            "nominee_gender",
            "nominee_current_post",
            "post",
            "nominating_body",
            "submitted_on",
            "status",
            "status_display",
            "exam_date",
            "exam_score",
            "exam_pass_mark",
            "exam_passed",
            "vote_date",
            "members_total",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "letter_number",
            "letter_issued_on",
            "oath_date",
            "oath_place",
            "events",
        ]
        read_only_fields = fields


class AppointmentCaseDetailSerializer(AppointmentCaseSerializer):
    available_actions = AvailableActionsField()

    class Meta(AppointmentCaseSerializer.Meta):
        fields = [*AppointmentCaseSerializer.Meta.fields, "available_actions"]
        read_only_fields = fields


class AppointmentCaseWriteSerializer(serializers.Serializer):
    congress = ScopedCongressField()
    session = ScopedRelatedField(queryset=StandingCommitteeSession.objects.all(), required=False, allow_null=True)
    nominee_name = serializers.CharField(max_length=64)
    nominee_gender = serializers.ChoiceField(choices=AppointmentCase._meta.get_field("nominee_gender").choices)
    nominee_current_post = serializers.CharField(max_length=200, required=False, allow_blank=True)
    post = serializers.CharField(max_length=200)
    nominating_body = serializers.ChoiceField(choices=AppointmentCase._meta.get_field("nominating_body").choices)
    submitted_on = serializers.DateField()


class ExamSerializer(serializers.Serializer):
    exam_date = serializers.DateField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    pass_mark = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=1)


class SubmitSerializer(serializers.Serializer):
    session = ScopedRelatedField(queryset=StandingCommitteeSession.objects.all())
    note = serializers.CharField(required=False, allow_blank=True)


class VoteSerializer(serializers.Serializer):
    vote_date = serializers.DateField()
    members_total = serializers.IntegerField(min_value=1)
    votes_for = serializers.IntegerField(min_value=0)
    votes_against = serializers.IntegerField(min_value=0)
    votes_abstain = serializers.IntegerField(min_value=0)
    review_opinion = serializers.CharField(required=False, allow_blank=True)


class LetterSerializer(serializers.Serializer):
    letter_number = serializers.CharField(max_length=64)
    issued_on = serializers.DateField()


class OathSerializer(serializers.Serializer):
    oath_date = serializers.DateField()
    oath_place = serializers.CharField(max_length=200)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField()


# Duty reports
# ------------------------------------------------------------------------------


class DutyReportSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    congress_name = serializers.CharField(source="congress.name", read_only=True)
    result = serializers.SerializerMethodField()

    class Meta:
        model = DutyReport
        fields = [
            "id",
            "congress",
            "congress_name",
            "appointment",
            "session",
            "year",
            "person_name",
            "post",
            "special_committee",
            "status",
            "status_display",
            "preliminary_on",
            "preliminary_opinion",
            "chairpersons_on",
            "chairpersons_opinion",
            "evaluation_opened_at",
            "evaluation_closed_at",
            "feedback_on",
            "feedback",
            "reported_on",
            "reported_note",
            "result",
        ]
        read_only_fields = fields

    def get_result(self, report) -> dict | None:
        """Totals and shares, from the queryset's SQL annotations, once the evaluation is closed."""
        if report.evaluation_closed_at is None or not hasattr(report, "ballots_total"):
            return None
        return {
            "total": report.ballots_total,
            "grades": [
                {
                    "grade": grade.value,
                    "label": str(grade.label),
                    "count": getattr(report, f"{grade.value}_count"),
                    "share": getattr(report, f"{grade.value}_share"),
                }
                for grade in Grade
            ],
            "approval_share": report.approval_share,
        }


class DutyReportDetailSerializer(DutyReportSerializer):
    available_actions = AvailableActionsField()

    class Meta(DutyReportSerializer.Meta):
        fields = [*DutyReportSerializer.Meta.fields, "available_actions"]
        read_only_fields = fields


class DutyReportWriteSerializer(serializers.Serializer):
    congress = ScopedCongressField()
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    person_name = serializers.CharField(max_length=64)
    post = serializers.CharField(max_length=200)
    special_committee = serializers.CharField(max_length=100)
    appointment = ScopedRelatedField(queryset=AppointmentCase.objects.all(), required=False, allow_null=True)


class ReviewStepSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    opinion = serializers.CharField()


class OpenEvaluationSerializer(serializers.Serializer):
    session = ScopedRelatedField(queryset=StandingCommitteeSession.objects.all())


class BallotSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)


class PaperTotalsSerializer(serializers.Serializer):
    excellent = serializers.IntegerField(min_value=0, default=0)
    competent = serializers.IntegerField(min_value=0, default=0)
    basic = serializers.IntegerField(min_value=0, default=0)
    incompetent = serializers.IntegerField(min_value=0, default=0)


class FeedbackSerializer(serializers.Serializer):
    feedback_on = serializers.DateField()
    feedback = serializers.CharField()


class ReportUpwardSerializer(serializers.Serializer):
    reported_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True)


# Review plans
# ------------------------------------------------------------------------------


class ReviewItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewItem
        fields = ["id", "name", "max_score"]


class ReviewedHeadSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewedHead
        fields = [
            "id",
            "name",
            "department",
            "post",
            "survey_satisfied",
            "survey_basic",
            "survey_unsatisfied",
            "total_score",
            "rank",
            "rectification_status",
            "rectified_on",
        ]


class ReviewPlanSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    congress_name = serializers.CharField(source="congress.name", read_only=True)
    items = ReviewItemSerializer(many=True, read_only=True)
    heads = ReviewedHeadSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewPlan
        fields = [
            "id",
            "congress",
            "congress_name",
            "year",
            "title",
            "survey_deadline",
            "notes",
            "status",
            "status_display",
            "items",
            "heads",
        ]
        read_only_fields = fields


class ReviewPlanDetailSerializer(ReviewPlanSerializer):
    available_actions = AvailableActionsField()

    class Meta(ReviewPlanSerializer.Meta):
        fields = [*ReviewPlanSerializer.Meta.fields, "available_actions"]
        read_only_fields = fields


class ReviewPlanWriteSerializer(serializers.Serializer):
    congress = ScopedCongressField()
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    title = serializers.CharField(max_length=200)
    survey_deadline = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class ReviewItemWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    max_score = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=1)


class ReviewHeadWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    department = serializers.CharField(max_length=100)
    post = serializers.CharField(max_length=100)


class HeadScoresSerializer(serializers.Serializer):
    head = serializers.IntegerField()
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1), help_text=_("评议项目编号 → 得分")
    )


class RectificationSerializer(serializers.Serializer):
    head = serializers.IntegerField()
    rectification_status = serializers.ChoiceField(choices=RectificationStatus.choices)
    requirement = serializers.CharField(required=False, allow_blank=True)
    report = serializers.CharField(required=False, allow_blank=True)
    rectified_on = serializers.DateField(required=False, allow_null=True)
