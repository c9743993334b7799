from django.core.paginator import Paginator
from django.db.models import F, OrderBy
from rest_framework import pagination


def _with_tiebreak(queryset):
    """``queryset`` ordered so that no two rows tie: by its own ordering, then by id.

    Pages of a list ordered by a date alone would otherwise split the rows of
    one day between pages differently on each query: some shown twice, some
    never.
    """
    query = queryset.query
    ordering = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    if any(getattr(term, "lstrip", None) and term.lstrip("-") in ("pk", "id") for term in ordering):
        return queryset
    last = ordering[-1] if ordering else None
    descending = last.descending if isinstance(last, OrderBy) else isinstance(last, str) and last.startswith("-")
    return queryset.order_by(*ordering, F("pk").desc() if descending else F("pk").asc())


def _pages_by_id(object_list) -> bool:
    """Whether a page can be found by its ids alone and then loaded by them.

    Not for rows that depend on the rows around them: a window function (a
    rank) would be computed over the page only, and a grouped list would be
    grouped twice. Nor for distinct, combined or values() querysets.
    """
    query = getattr(object_list, "query", None)
    if query is None or query.distinct or query.combinator or query.group_by is not None:
        return False
    if getattr(object_list, "_fields", None) is not None:
        return False
    return not any(getattr(annotation, "contains_over_clause", False) for annotation in query.annotations.values())


class IdsFirstPaginator(Paginator):
    """Finds a page's ids first, then loads only those rows (a "deferred join").

    The id query reads no more than the columns it filters and sorts on, so a
    covering index answers it without touching the table: a county's newest
    50 among millions of receptions is then a short walk through one index
    instead of thousands of row fetches. The rows are loaded through the same
    queryset, its scope included, so nothing outside it can slip in.
    """

    def page(self, number):
        if not _pages_by_id(self.object_list):
            return super().page(number)
        object_list = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ordered = _with_tiebreak(object_list)
        # One statement: the page's ids as a subquery, in the same order.
        rows = list(ordered.filter(pk__in=ordered.values("pk")[bottom:top]))
        return self._get_page(rows, number, self)


class StandardPagination(pagination.PageNumberPagination):
    django_paginator_class = IdsFirstPaginator
    page_size_query_param = "page_size"
    max_page_size = 200
