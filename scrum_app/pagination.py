from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.translation import gettext as _
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, `?page_size=` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class OneQueryPaginator(Paginator):
    """Reads a page and the total in one query: `COUNT(*) OVER ()` rides along with the page's rows.

    For plain filtered querysets (no DISTINCT, whose window would count duplicates); anything else is paged as usual.
    """

    TOTAL = "page_window_total"
    # No table holds this many rows; an offset past it would overflow the database's 64-bit OFFSET (a 500).
    MAX_OFFSET = 2**62

    def page(self, number: Any) -> Page:
        rows = self.object_list
        if not isinstance(rows, QuerySet) or rows.query.distinct or "count" in self.__dict__:
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        bottom = (number - 1) * self.per_page
        if bottom >= self.MAX_OFFSET:
            raise EmptyPage(_("That page contains no results"))
        found = list(rows.annotate(**{self.TOTAL: Window(Count("*"))})[bottom : bottom + self.per_page])
        if not found:
            if number > 1:
                raise EmptyPage(_("That page contains no results"))
            self.count = 0
            return self._get_page(found, number, self)
        first = found[0]
        self.count = first[self.TOTAL] if isinstance(first, dict) else getattr(first, self.TOTAL)
        for row in found:
            if isinstance(row, dict):
                del row[self.TOTAL]
        return self._get_page(found, number, self)


class OneQueryPagination(PageNumberPagination):
    """The same pages in one query instead of two (count, then rows): for the busiest lists, like the backlog."""

    django_paginator_class = OneQueryPaginator
