"""Reads for the deputies app; every query starts from ``visible_to(user)``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from .choices import DeputyStatus
from .filters import DeputyFilterSet, filter_request
from .models import (
    Activity,
    CheckIn,
    Contact,
    Deputy,
    Group,
    GroupMembership,
    TrainingAttendance,
    TrainingCourse,
)


def deputy_list(*, user, filters: dict[str, Any] | None = None) -> QuerySet[Deputy]:
    """The roster as the user may see it, filtered by ``DeputyFilterSet`` when filters are given."""
    queryset = (
        Deputy.objects.visible_to(user)
        .select_related("person", "congress", "region")
        .prefetch_related("person__expertise_tags")
    )
    if filters is None:
        return queryset
    filterset = DeputyFilterSet(data=filters, queryset=queryset, request=filter_request(user))
    return filterset.qs if filterset.is_valid() else queryset.none()


def deputy_get(*, user, pk: int) -> Deputy:
    return Deputy.objects.visible_to(user).select_related("person", "congress", "region").get(pk=pk)


def deputy_mandates_for_user(user) -> QuerySet[Deputy]:
    """The mandates of the person linked to a deputy-role user (empty for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return Deputy.objects.none()
    return (
        Deputy.objects.filter(person__user=user)
        .select_related("person", "congress", "region")
        .order_by("status", "congress__region__code", "-congress__term_number")
    )


def deputy_by_public_code(code: str) -> Deputy | None:
    """Public lookup for the deputy code page; only serving deputies have a public page."""
    return (
        Deputy.objects.select_related("person", "congress", "region")
        .filter(public_code=code, status=DeputyStatus.SERVING)
        .first()
    )


def activity_by_public_code(code: str) -> Activity | None:
    return Activity.objects.select_related("region").filter(public_code=code).first()


def group_list(*, user) -> QuerySet[Group]:
    return (
        Group.objects.visible_to(user)
        .select_related("region", "congress")
        .annotate(member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True), distinct=True))
    )


def group_members(*, group: Group) -> QuerySet[GroupMembership]:
    """Members of a group the caller has already been allowed to see (its memberships come with it)."""
    return group.memberships.select_related("deputy__person", "deputy__region", "deputy__congress").order_by(
        "end_date", "role", "deputy__person__name_stroke_key"
    )


def deputy_groups(*, deputy: Deputy) -> QuerySet[GroupMembership]:
    return deputy.memberships.select_related("group", "group__region").order_by("end_date", "group__name")


def deputy_contacts(*, deputy: Deputy) -> QuerySet[Contact]:
    return deputy.contacts.all()


def deputy_trainings(*, deputy: Deputy) -> QuerySet[TrainingAttendance]:
    return deputy.trainings.select_related("course")


def deputy_check_ins(*, deputy: Deputy) -> QuerySet[CheckIn]:
    return deputy.check_ins.select_related("activity")


def contact_counts_by_region(*, user) -> list[dict[str, Any]]:
    """Dual-contact records per region of the deputies concerned, by kind."""
    return list(
        Contact.objects.visible_to(user)
        .values("deputy__region__code", "deputy__region__name", "kind")
        .annotate(total=Count("pk"))
        .order_by("deputy__region__code", "kind")
    )


def contact_counts_by_deputy(*, user) -> QuerySet[Deputy]:
    return (
        Deputy.objects.visible_to(user)
        .select_related("person")
        .annotate(contact_total=Count("contacts"))
        .order_by("-contact_total")
    )


def training_hours(*, deputy: Deputy):
    return deputy.trainings.filter(attended=True).aggregate(total=Sum("hours"))["total"] or 0


def home_counts(*, user) -> dict[str, int]:
    deputies = Deputy.objects.visible_to(user)
    return {
        "serving": deputies.filter(status=DeputyStatus.SERVING).count(),
        "groups": Group.objects.visible_to(user).filter(is_active=True).count(),
        "contacts": Contact.objects.visible_to(user).count(),
        "courses": TrainingCourse.objects.visible_to(user).count(),
    }


def group_list_with_members(*, user) -> QuerySet[Group]:
    current = GroupMembership.objects.filter(end_date__isnull=True).select_related("deputy__person")
    return group_list(user=user).prefetch_related(Prefetch("memberships", queryset=current, to_attr="current"))
