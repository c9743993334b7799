"""One FilterSet per list, shared by the list page, the API and the Excel export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.scoping import region_within_q, regions_visible_to

from .choices import BrandKind, Channel, KeyDateKind, PostStatus, Theme
from .models import Brand, KeyDate, Post

_DATE = forms.DateInput(attrs={"type": "date"})


def _regions(request):
    return regions_visible_to(getattr(request, "user", None)).exclude(level="township")


class PostFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    theme = django_filters.ChoiceFilter(label=_("主题"), choices=Theme.choices)
    # Several at once (待审核 and 已排期, say): the page, the API and the export take every value.
    status = django_filters.MultipleChoiceFilter(label=_("状态"), choices=PostStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("发布渠道"), choices=Channel.choices)
    region = django_filters.ModelChoiceFilter(label=_("行政区划"), queryset=_regions, method="filter_region")
    planned_after = django_filters.DateFilter(
        label=_("计划日期起"), field_name="planned_date", lookup_expr="gte", widget=_DATE
    )
    planned_before = django_filters.DateFilter(
        label=_("计划日期止"), field_name="planned_date", lookup_expr="lte", widget=_DATE
    )
    mine = django_filters.BooleanFilter(label=_("只看我的稿件"), method="filter_mine")

    class Meta:
        model = Post
        fields = ["q", "theme", "status", "channel", "region", "planned_after", "planned_before", "mine"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value) | Q(byline__icontains=value))

    def filter_region(self, queryset, name, value):
        # A region means it and everything below it (a city includes its counties).
        return queryset.filter(region_within_q("region", value.scope_prefix))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(author=user)


class KeyDateFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=KeyDateKind.choices)
    year = YearFilter(field_name="date")
    series = django_filters.CharFilter(label=_("专题系列"), field_name="series_title", lookup_expr="icontains")

    class Meta:
        model = KeyDate
        fields = ["kind", "year", "series"]


class BrandFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=BrandKind.choices)
    year = YearFilter(lookup_expr="exact")
    region = django_filters.ModelChoiceFilter(label=_("行政区划"), queryset=_regions, method="filter_region")
    national = django_filters.BooleanFilter(label=_("全国刊发推广"), method="filter_national")

    class Meta:
        model = Brand
        fields = ["q", "kind", "year", "region", "national"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_within_q("region", value.scope_prefix))

    def filter_national(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(publications__outlet_level="national")
        matching = Brand.objects.filter(condition).values("pk")
        return queryset.filter(pk__in=matching) if value else queryset.exclude(pk__in=matching)
