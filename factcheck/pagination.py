"""Paging long lists without counting them whole.

An exact count of a filtered list reads every row that matches: at 100k statements, counting the
assertions that are in a pair took longer (67 ms) than the rest of the page. The pages count at
most a few pages past the one asked for and say "10,000+" beyond; paging on still works, because
the count grows with the page asked for. The API keeps exact counts (its clients read them).
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 10_000  # rows counted before a list says "10,000+"
MAX_PAGE = 1_000_000  # a larger page number asked for counts as this (and lands on the last page)


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` rows, or a page past `asked` when that is further."""

    def __init__(self, object_list, per_page, *, asked=None, cap: int | None = None):
        super().__init__(object_list, per_page)
        try:
            page = min(max(1, int(asked)), MAX_PAGE)
        except (TypeError, ValueError, OverflowError):
            page = 1
        self.cap = max(COUNT_CAP if cap is None else cap, (page + 1) * per_page)

    @cached_property
    def count(self) -> int:
        """The rows, up to one past the cap: `more` says whether the list goes on."""
        rows = self.object_list
        limit = self.cap + 1
        if isinstance(rows, QuerySet):
            return count_upto(rows, limit)
        if hasattr(rows, "count_upto"):
            return rows.count_upto(limit)
        return len(rows)

    @property
    def more(self) -> bool:
        """True when the count stopped at the cap: there are more rows than it says."""
        return self.count > self.cap

    @property
    def shown_count(self) -> str:
        """The count as a page shows it: "1,234", or "10,000+" once counting stopped."""
        return f"{self.cap:,}+" if self.more else f"{self.count:,}"


def count_upto(queryset: QuerySet, limit: int) -> int:
    """The first `limit` matches counted in any order, without the annotations only a page needs."""
    return queryset.order_by().values("pk")[:limit].count()


def rows_in_order(rows: QuerySet, ids: list[int]) -> list:
    """The rows of `ids`, read by id, in the order of `ids` (a row deleted meanwhile is left out)."""
    found = rows.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def capped_page(rows, per_page: int, asked):
    """The page `asked` (a page number from the query string, any text) of `rows`."""
    return CappedPaginator(rows, per_page, asked=asked).get_page(asked)


class PagedIds:
    """Filtered, sorted rows that are counted and cut on their ids alone; the full rows (`rows`,
    with their joins) are read only for the page asked for, by id.

    With `read_once` (a search), the sorted ids are read once, at most as many as the count
    needs: counting and cutting in SQL would each build the search's id set again, which costs
    as much as the rest of the page."""

    def __init__(self, queryset: QuerySet, rows: QuerySet, *, read_once: bool = False):
        self.queryset, self.rows, self.read_once = queryset, rows, read_once
        self._ids: list[int] | None = None
        self._limit: int | None = None  # how many ids were asked for when they were read

    def _ids_upto(self, limit: int | None) -> list[int]:
        more_wanted = self._limit is not None and (limit is None or limit > self._limit)
        if self._ids is None or (more_wanted and len(self._ids) == self._limit):
            ids = self.queryset.values_list("pk", flat=True)
            self._ids = list(ids if limit is None else ids[:limit])
            self._limit = limit
        return self._ids

    def count_upto(self, limit: int) -> int:
        if self.read_once:
            return len(self._ids_upto(limit))
        return count_upto(self.queryset, limit)

    def count(self) -> int:
        return len(self._ids_upto(None)) if self.read_once else self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        known = self._ids is not None and (self._limit is None or (index.stop or 0) <= len(self._ids))
        ids = self._ids[index] if known else list(self.queryset.values_list("pk", flat=True)[index])
        return rows_in_order(self.rows, ids)
