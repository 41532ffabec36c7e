"""Paging that stays fast on deep pages and large tables.

- The page's primary keys are fetched first, then its rows with their joins and prefetches: an
  index answers the first query without reading the rows it skips. OFFSET 100,000 with five
  joins read every skipped row and joined it, two seconds a page at province scale.
- A search's ranked matches (core.fulltext.ranked) are a few hundred ids already read: their
  page is one query, its rows ranked, cut and only then given their snippets (PostgreSQL
  computes a costly output column such as ts_headline after the LIMIT).
- The count, which grows with the table, is remembered until content changes
  (core.pagecache.remember), keyed by the exact SQL and parameters of the list, so a count is
  never shared between lists that differ in anything, a person's visibility included.
"""

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .pagecache import remember


class DeferredPaginator(Paginator):
    @cached_property
    def count(self):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count
        known = getattr(queryset.query, "known_count", None)
        if known is not None:  # core.fulltext.ranked read the matching ids already
            return known
        if not settings.PAGE_CACHE_SECONDS:  # nothing is remembered: skip building the key
            return queryset.count()
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:  # QuerySet.none(): nothing to count, nothing to ask
            return 0
        return remember(f"count:{sql}:{params!r}", queryset.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom, top):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or not queryset.ordered:
            return queryset[bottom:top]
        if getattr(queryset.query, "known_count", None) is not None:
            return list(queryset[bottom:top])  # nothing an index would skip: see the module
        keys = list(queryset.values_list("pk", flat=True)[bottom:top])
        if not keys:
            return []
        rows = {row.pk: row for row in queryset.filter(pk__in=keys).order_by()}
        return [rows[key] for key in keys if key in rows]
