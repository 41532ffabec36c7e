"""Querysets that finish their rows after fetching them.

A list that shows a count per row (seats taken per training, say) joined and grouped the whole
table before the paginator cut its page, and the paginator's own count ran that grouping again.
With `after_fetch`, the page's rows are fetched plain and a hook adds what they need in one query
for those rows only, the way prefetch_related does for relations.
"""

from django.db import models
from django.db.models.query import ModelIterable


class AfterFetchQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._after_fetch = ()

    def after_fetch(self, hook):
        """Call `hook(rows)` with the model instances each time this queryset is evaluated."""
        clone = self._chain()
        clone._after_fetch = (*self._after_fetch, hook)
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._after_fetch = self._after_fetch
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._after_fetch and self._iterable_class is ModelIterable:
            rows = self._result_cache
            if rows:
                for hook in self._after_fetch:
                    hook(rows)


def given(**lookups):
    """The lookups whose value was given (not None or ""): `queryset.filter(**given(...))`
    filters on the optional filters a list or a figure was asked for, and only those."""
    return {lookup: value for lookup, value in lookups.items() if value not in (None, "")}


class EachRowExists(models.Exists):
    """EXISTS asked of each row that reaches it, never turned into a list first.

    PostgreSQL may read an EXISTS (and an IN) as "every row the subquery could match,
    hashed", costed for all the rows of the outer query; inside an OR that is what it does,
    even when the outer query stops after a few hundred rows (a search's newest matches: the
    forums' visibility, 1,790 forums with their agreements and trainings, took 5 ms of a
    statement whose own rows needed 1). An OFFSET keeps the subquery as it is written."""

    template = "EXISTS(%(subquery)s OFFSET 0)"
