"""FilterSets shared by the list pages, the API and the exports."""

from __future__ import annotations

from types import SimpleNamespace

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.scoping import region_within_q, regions_visible_to

from .choices import ContactKind, DeputyLevel, DeputyStatus, GroupKind, SectorClass, TrainingClass
from .models import Congress, Contact, Deputy, ExpertiseTag, Group, GroupMembership, TrainingAttendance, TrainingCourse


def filter_request(user):
    """A stand-in request for filtering outside a view (exports run in a worker)."""
    return SimpleNamespace(user=user)


def _regions(request):
    return regions_visible_to(request.user) if request is not None else regions_visible_to(None)


def _groups(request):
    return Group.objects.visible_to(request.user) if request is not None else Group.objects.none()


def _in_region(queryset, name, value):
    """A region filter takes in everything below the chosen region (a city takes its counties)."""
    if not value:
        return queryset
    return queryset.filter(region_within_q(name, value.scope_prefix))


class DeputyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search")
    level = django_filters.ChoiceFilter(label=_("层级"), choices=DeputyLevel.choices)
    region = django_filters.ModelChoiceFilter(label=_("行政区划"), queryset=_regions, method=_in_region)
    congress = django_filters.ModelChoiceFilter(label=_("届次"), queryset=Congress.objects.all())
    term_number = django_filters.NumberFilter(label=_("第几届"), field_name="congress__term_number")
    sector_class = django_filters.ChoiceFilter(label=_("代表类别"), choices=SectorClass.choices)
    group = django_filters.ModelChoiceFilter(
        label=_("小组"), field_name="memberships__group", queryset=_groups, method="in_group"
    )
    tag = django_filters.ModelMultipleChoiceFilter(
        label=_("专业名片"), field_name="person__expertise_tags", queryset=ExpertiseTag.objects.all(), distinct=True
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DeputyStatus.choices)
    ordering = django_filters.OrderingFilter(
        label=_("排序"),
        fields=(
            ("person__name_stroke_key", "stroke"),
            ("region__code", "region"),
            ("level", "level"),
            ("person__birth_date", "birth_date"),
            ("elected_on", "elected_on"),
        ),
        field_labels={
            "person__name_stroke_key": _("姓氏笔画"),
            "region__code": _("行政区划"),
            "level": _("层级"),
            "person__birth_date": _("出生日期"),
            "elected_on": _("当选日期"),
        },
    )

    class Meta:
        model = Deputy
        fields = ["q", "level", "region", "congress", "term_number", "sector_class", "group", "tag", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(person__name__contains=value)
            | Q(person__work_unit__contains=value)
            | Q(electoral_unit__contains=value)
            | Q(delegation__contains=value)
        )

    def in_group(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(memberships__group=value, memberships__end_date__isnull=True).distinct()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Stroke order is the default, as on official lists; pk keeps pages stable.
        ordering = self.form.cleaned_data.get("ordering") if hasattr(self.form, "cleaned_data") else None
        if not ordering:
            queryset = queryset.order_by("person__name_stroke_key", "person__name", "pk")
        return queryset


class GroupFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=GroupKind.choices)
    region = django_filters.ModelChoiceFilter(label=_("组建地区"), queryset=_regions, method=_in_region)
    is_active = django_filters.BooleanFilter(label=_("有效"))

    class Meta:
        model = Group
        fields = ["q", "kind", "region", "is_active"]


class MembershipFilterSet(django_filters.FilterSet):
    group = django_filters.NumberFilter(label=_("小组"), field_name="group_id")
    deputy = django_filters.NumberFilter(label=_("代表"), field_name="deputy_id")
    current = django_filters.BooleanFilter(label=_("在组"), field_name="end_date", lookup_expr="isnull")

    class Meta:
        model = GroupMembership
        fields = ["group", "deputy", "role", "current"]


class ContactFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("联系类型"), choices=ContactKind.choices)
    deputy = django_filters.NumberFilter(label=_("代表"), field_name="deputy_id")
    region = django_filters.ModelChoiceFilter(
        label=_("行政区划"), field_name="deputy__region", queryset=_regions, method="in_region"
    )
    date_from = django_filters.DateFilter(label=_("起始日期"), field_name="contacted_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("截止日期"), field_name="contacted_on", lookup_expr="lte")

    class Meta:
        model = Contact
        fields = ["kind", "deputy", "way", "region", "date_from", "date_to"]

    def in_region(self, queryset, name, value):
        return _in_region(queryset, "deputy__region", value)


class TrainingCourseFilterSet(django_filters.FilterSet):
    training_class = django_filters.ChoiceFilter(label=_("培训类别"), choices=TrainingClass.choices)
    year = YearFilter(field_name="start_date")

    class Meta:
        model = TrainingCourse
        fields = ["training_class", "year"]


class TrainingAttendanceFilterSet(django_filters.FilterSet):
    course = django_filters.NumberFilter(label=_("课程"), field_name="course_id")
    deputy = django_filters.NumberFilter(label=_("代表"), field_name="deputy_id")
    training_class = django_filters.ChoiceFilter(
        label=_("培训类别"), field_name="course__training_class", choices=TrainingClass.choices
    )

    class Meta:
        model = TrainingAttendance
        fields = ["course", "deputy", "training_class", "attended"]
