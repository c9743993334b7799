from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from core.scoping import regions_visible_to

from .. import services
from ..filters import (
    ContactFilterSet,
    DeputyFilterSet,
    GroupFilterSet,
    MembershipFilterSet,
    TrainingAttendanceFilterSet,
    TrainingCourseFilterSet,
)
from ..models import Contact, Deputy, Group, GroupMembership, TrainingAttendance, TrainingCourse
from .serializers import (
    ContactSerializer,
    DeputySerializer,
    GroupSerializer,
    MembershipSerializer,
    StatusChangeSerializer,
    TrainingAttendanceSerializer,
    TrainingCourseSerializer,
)


class ScopedChoicesMixin:
    """Limit related-object choices in input to what the caller may see."""

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        fields = getattr(serializer, "fields", {})
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model._meta.label == "regions.Region":
                field.queryset = regions_visible_to(self.request.user)
            elif hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(self.request.user)
        return serializer


class DeputyViewSet(ScopedReadOnlyModelViewSet):
    queryset = Deputy.objects.select_related("person", "congress", "region").prefetch_related("person__expertise_tags")
    serializer_class = DeputySerializer
    filterset_class = DeputyFilterSet
    ordering_fields = ["person__name_stroke_key", "region__code", "level", "elected_on"]

    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """Full ID number and mobile; written to the audit log."""
        return Response(
            services.person_reveal_identifiers(actor=request.user, deputy=self.get_object(), request=request)
        )

    @action(detail=True, methods=["post"], serializer_class=StatusChangeSerializer)
    def status(self, request, pk=None):
        data = StatusChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deputy = self.get_object()
        services.deputy_change_status(actor=request.user, deputy=deputy, **data.validated_data)
        deputy.refresh_from_db()
        return Response(DeputySerializer(deputy).data)


class GroupViewSet(ScopedChoicesMixin, ScopedModelViewSet):
    queryset = Group.objects.select_related("region", "congress")
    serializer_class = GroupSerializer
    filterset_class = GroupFilterSet

    def perform_create(self, serializer):
        serializer.instance = services.group_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "region"}
        serializer.instance = services.group_update(actor=self.request.user, group=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.group_update(actor=self.request.user, group=instance, is_active=False)


class MembershipViewSet(ScopedChoicesMixin, ScopedModelViewSet):
    queryset = GroupMembership.objects.select_related("deputy__person", "group")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create":
            # A deputy of a member region may join a team formed above; the service checks the group.
            serializer.fields["group"].queryset = Group.objects.visible_to(self.request.user)
        return serializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        created = services.group_add_members(
            actor=self.request.user,
            group=data["group"],
            deputies=[data["deputy"]],
            role=data.get("role", "member"),
            start_date=data.get("start_date"),
        )
        if not created:
            raise drf_serializers.ValidationError({"deputy": ["该代表已在组内。"]})
        serializer.instance = created[0]

    def destroy(self, request, *args, **kwargs):
        """Ending a membership keeps its history; nothing is deleted."""
        membership = services.membership_end(actor=request.user, membership=self.get_object())
        return Response(MembershipSerializer(membership).data, status=status.HTTP_200_OK)


class ContactViewSet(ScopedChoicesMixin, ScopedModelViewSet):
    queryset = Contact.objects.select_related("deputy")
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.contact_create(actor=self.request.user, **serializer.validated_data)


class TrainingCourseViewSet(ScopedChoicesMixin, ScopedModelViewSet):
    queryset = TrainingCourse.objects.select_related("region")
    serializer_class = TrainingCourseSerializer
    filterset_class = TrainingCourseFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.training_course_create(actor=self.request.user, **serializer.validated_data)


class TrainingAttendanceViewSet(ScopedChoicesMixin, ScopedModelViewSet):
    queryset = TrainingAttendance.objects.select_related("course", "deputy")
    serializer_class = TrainingAttendanceSerializer
    filterset_class = TrainingAttendanceFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        (row,) = services.training_record_attendance(
            actor=self.request.user, course=data["course"], deputies=[data["deputy"]], hours=data.get("hours")
        )
        serializer.instance = row
