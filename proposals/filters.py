"""FilterSets shared by list pages, API endpoints and Excel exports."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import IN_HANDLING, ProposalCategory, ProposalKind, ProposalStatus, ReplyClass, UnitRole
from .models import Assignment, HandlingUnit, Proposal, Reply, Session


def _sessions(request):
    user = getattr(request, "user", None)
    return Session.objects.visible_to(user) if user is not None else Session.objects.none()


def _units(request):
    user = getattr(request, "user", None)
    return HandlingUnit.objects.visible_to(user) if user is not None else HandlingUnit.objects.none()


class ProposalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    session = django_filters.ModelChoiceFilter(label=_("会议"), queryset=_sessions)
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=ProposalKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ProposalStatus.choices)
    category = django_filters.ChoiceFilter(label=_("分类"), choices=ProposalCategory.choices)
    unit = django_filters.ModelChoiceFilter(label=_("主办单位"), queryset=_units, method="filter_unit")
    classification = django_filters.ChoiceFilter(
        label=_("答复类别"), choices=ReplyClass.choices, method="filter_classification"
    )
    overdue = django_filters.BooleanFilter(label=_("已超期"), method="filter_overdue")
    key_supervision = django_filters.BooleanFilter(label=_("重点督办"), method="filter_key")

    class Meta:
        model = Proposal
        fields = ["q", "session", "kind", "status", "category", "unit", "classification", "overdue"]

    def filter_q(self, queryset, name, value):
        q = Q(title__icontains=value) | Q(deputy__person__name__icontains=value)
        if value.isdigit():
            q |= Q(number=int(value))
        return queryset.filter(q)

    def filter_unit(self, queryset, name, value: HandlingUnit):
        lead = Assignment.objects.filter(unit=value, role=UnitRole.LEAD, active=True).values("proposal_id")
        return queryset.filter(pk__in=lead)

    def filter_classification(self, queryset, name, value):
        return queryset.filter(pk__in=Reply.objects.filter(classification=value).values("proposal_id"))

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=IN_HANDLING, deadline__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_key(self, queryset, name, value):
        return queryset.filter(key_supervision__isnull=not value)


class AssignmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), field_name="proposal__title", lookup_expr="icontains")
    role = django_filters.ChoiceFilter(label=_("承办方式"), choices=UnitRole.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), field_name="proposal__status", choices=ProposalStatus.choices)
    signed = django_filters.BooleanFilter(label=_("已签收"), field_name="signed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Assignment
        fields = ["q", "role", "status", "signed"]


class HandlingUnitFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("单位名称"), lookup_expr="icontains")

    class Meta:
        model = HandlingUnit
        fields = ["name", "region", "is_active"]


class SessionFilterSet(django_filters.FilterSet):
    class Meta:
        model = Session
        fields = ["congress"]
