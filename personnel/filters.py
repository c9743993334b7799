"""FilterSets shared by the list pages, the API and the selectors."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.scoping import regions_visible_to
from deputies.models import Congress

from .choices import AppointmentStatus, DutyReportStatus, NominatingBody, ReviewPlanStatus
from .models import AppointmentCase, CommitteeMember, DutyReport, ReviewPlan, StandingCommitteeSession


def congresses_for(request):
    """Congresses of the regions in the requesting user's jurisdiction."""
    if request is None:
        return Congress.objects.none()
    return Congress.objects.filter(region__in=regions_visible_to(request.user)).select_related("region")


class _Search(django_filters.CharFilter):
    def __init__(self, *fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("关键词"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return qs.filter(condition)


class AppointmentCaseFilterSet(django_filters.FilterSet):
    q = _Search("nominee_name", "post", "letter_number")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=AppointmentStatus.choices)
    nominating_body = django_filters.ChoiceFilter(label=_("提请机关"), choices=NominatingBody.choices)
    congress = django_filters.ModelChoiceFilter(label=_("人民代表大会"), queryset=congresses_for)
    year = YearFilter(field_name="submitted_on")

    class Meta:
        model = AppointmentCase
        fields = ["q", "status", "nominating_body", "congress", "year"]


class DutyReportFilterSet(django_filters.FilterSet):
    q = _Search("person_name", "post", "special_committee")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DutyReportStatus.choices)
    congress = django_filters.ModelChoiceFilter(label=_("人民代表大会"), queryset=congresses_for)
    year = YearFilter(lookup_expr="exact")

    class Meta:
        model = DutyReport
        fields = ["q", "status", "congress", "year"]


class ReviewPlanFilterSet(django_filters.FilterSet):
    q = _Search("title", "notes")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReviewPlanStatus.choices)
    congress = django_filters.ModelChoiceFilter(label=_("人民代表大会"), queryset=congresses_for)
    year = YearFilter(lookup_expr="exact")

    class Meta:
        model = ReviewPlan
        fields = ["q", "status", "congress", "year"]


class StandingCommitteeSessionFilterSet(django_filters.FilterSet):
    congress = django_filters.ModelChoiceFilter(label=_("人民代表大会"), queryset=congresses_for)
    year = YearFilter(field_name="held_on")

    class Meta:
        model = StandingCommitteeSession
        fields = ["congress", "year"]


class CommitteeMemberFilterSet(django_filters.FilterSet):
    congress = django_filters.ModelChoiceFilter(label=_("人民代表大会"), queryset=congresses_for)

    class Meta:
        model = CommitteeMember
        fields = ["congress", "position", "is_active"]
