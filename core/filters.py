"""Filters shared by every app's FilterSets."""

import django_filters
from django.utils.translation import gettext_lazy as _


class YearFilter(django_filters.NumberFilter):
    """A calendar year (e.g. 2026); out-of-range input is a validation error, never a crash."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("年度"))
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1949)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)
