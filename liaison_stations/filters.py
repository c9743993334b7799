"""One FilterSet per list, shared by the list page, the API and the Excel export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scoping import region_within_q, regions_visible_to
from regions.models import Region

from .choices import (
    ConsultingBody,
    OpinionCategory,
    OpinionSource,
    OpinionStatus,
    ProblemCategory,
    ProblemStatus,
    Quarter,
    SolicitationKind,
    StationKind,
)
from .models import (
    Consultation,
    InspectionProblem,
    OpinionItem,
    Reception,
    Solicitation,
    Station,
    StationEvaluation,
)
from .querysets import today


def _regions(request):
    user = getattr(request, "user", None)
    if user is None:
        return Region.objects.none()
    return regions_visible_to(user).exclude(level="province").order_by("code")


def _stations(request):
    user = getattr(request, "user", None)
    if user is None:
        return Station.objects.none()
    return Station.objects.visible_to(user).only("pk", "name")


class RegionWithinFilter(django_filters.ModelChoiceFilter):
    """A region and everything below it (a county picks all its townships' records)."""

    def __init__(self, *args, path: str = "region", **kwargs):
        self.path = path
        kwargs.setdefault("field_name", path)  # lets the API schema see a region id
        kwargs.setdefault("queryset", _regions)
        kwargs.setdefault("label", _("区划"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(region_within_q(self.path, value.scope_prefix))


class StationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或地址"))
    region = RegionWithinFilter()
    kind = django_filters.ChoiceFilter(choices=StationKind.choices, label=_("类型"))
    is_active = django_filters.BooleanFilter(label=_("运行中"))

    class Meta:
        model = Station
        fields = ["q", "region", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))


class ReceptionFilterSet(django_filters.FilterSet):
    region = RegionWithinFilter()
    station = django_filters.ModelChoiceFilter(queryset=_stations, label=_("联络站"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("起始日期"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = Reception
        fields = ["region", "station", "date_from", "date_to"]


class OpinionItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("关键词"))
    region = RegionWithinFilter()
    station = django_filters.ModelChoiceFilter(queryset=_stations, label=_("联络站"))
    status = django_filters.MultipleChoiceFilter(choices=OpinionStatus.choices, label=_("状态"))
    category = django_filters.ChoiceFilter(choices=OpinionCategory.choices, label=_("类别"))
    source = django_filters.ChoiceFilter(choices=OpinionSource.choices, label=_("来源"))
    due = django_filters.ChoiceFilter(
        choices=[("overdue", _("已超期")), ("due_soon", _("即将到期")), ("open", _("未办结"))],
        method="filter_due",
        label=_("期限"),
    )
    created_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label=_("登记起始"))
    created_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label=_("登记截止"))

    class Meta:
        model = OpinionItem
        fields = ["q", "region", "station", "status", "category", "source", "due", "created_from", "created_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(content__icontains=value) | Q(location__icontains=value))

    def filter_due(self, queryset, name, value):
        return {"overdue": queryset.overdue, "due_soon": queryset.due_soon, "open": queryset.open}[value]()


class SolicitationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("项目名称"))
    kind = django_filters.ChoiceFilter(choices=SolicitationKind.choices, label=_("项目类型"))
    ongoing = django_filters.BooleanFilter(method="filter_ongoing", label=_("征求意见中"))

    class Meta:
        model = Solicitation
        fields = ["q", "kind", "ongoing"]

    def filter_ongoing(self, queryset, name, value):
        day = today()
        condition = Q(start_date__lte=day, end_date__gte=day)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class ConsultationFilterSet(django_filters.FilterSet):
    region = RegionWithinFilter(path="station__region")
    station = django_filters.ModelChoiceFilter(queryset=_stations, label=_("联络站"))
    body_kind = django_filters.ChoiceFilter(choices=ConsultingBody.choices, label=_("单位类别"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("起始日期"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = Consultation
        fields = ["region", "station", "body_kind", "date_from", "date_to"]


class StationEvaluationFilterSet(django_filters.FilterSet):
    region = RegionWithinFilter(path="station__region")
    year = django_filters.NumberFilter(field_name="indicator_set__year", label=_("年度"))
    quarter = django_filters.ChoiceFilter(choices=Quarter.choices, label=_("季度"))

    class Meta:
        model = StationEvaluation
        fields = ["region", "year", "quarter"]


class InspectionProblemFilterSet(django_filters.FilterSet):
    region = RegionWithinFilter(path="station__region")
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("检查"))
    category = django_filters.ChoiceFilter(choices=ProblemCategory.choices, label=_("问题类别"))
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("整改状态"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已超期"))

    class Meta:
        model = InspectionProblem
        fields = ["region", "inspection", "category", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
