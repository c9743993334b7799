from django.core.paginator import Paginator
from rest_framework import pagination


class IdsFirstPaginator(Paginator):
    """Finds a page's ids first, then loads only those rows (a "deferred join").

    The id query reads no more than the columns it filters and sorts on, so a
    covering index answers it without touching the table: a county's newest
    50 among millions of receptions is then a short walk through one index
    instead of thousands of row fetches. Loading the page by id re-applies
    the queryset, its scope included, so nothing outside it can slip in.
    """

    def page(self, number):
        object_list = self.object_list
        query = getattr(object_list, "query", None)
        if query is None or query.distinct or query.combinator or getattr(object_list, "_fields", None) is not None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(object_list.values_list("pk", flat=True)[bottom:top])
        position = {pk: index for index, pk in enumerate(ids)}
        rows = sorted(object_list.filter(pk__in=ids), key=lambda row: position[row.pk])
        return self._get_page(rows, number, self)


class StandardPagination(pagination.PageNumberPagination):
    django_paginator_class = IdsFirstPaginator
    page_size_query_param = "page_size"
    max_page_size = 200
