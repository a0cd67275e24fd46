"""Pagination that stays fast on a table of millions of rows.

An exact `COUNT(*)` over every visible dossier costs a scan of the whole table on every page
(about 0.1 s per 100,000 rows on PostgreSQL). A person paging through a list needs to know
"how many" only while the number is small enough to page through; beyond that they narrow the
filters. So the count stops at `CAP`: the database reads at most `CAP + 1` rows, and the page
says "more than 1,000" instead of an exact number (docs/benchmarks.md).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

#: Counted exactly up to this number of rows (40 pages of 25): at most about 1 ms for the
#: list, 7 ms for a search that matches many dossiers (its rows are read from the GIN index).
CAP = 1_000


class CappedPaginator(Paginator):
    """A `Paginator` whose `count` is exact up to `cap` rows and `cap` beyond (`capped` is True).

    Pages up to `cap // per_page` can be reached; the count query never reads more than
    `cap + 1` rows, whatever the size of the table.
    """

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = CAP if cap is None else cap

    @cached_property
    def _capped_count(self) -> int:
        queryset = self.object_list
        if hasattr(queryset, "order_by"):
            # No ordering: any `cap + 1` rows tell whether there are more than `cap`.
            return queryset.order_by()[: self.cap + 1].count()
        return min(len(queryset), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        """True when there are more rows than `cap`, so `count` is a lower bound."""
        return self._capped_count > self.cap
