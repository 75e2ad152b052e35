"""A paginator that never counts the listing.

Django's Paginator runs COUNT(*) and then fetches the page: two queries, and the count visits every
matching row (at 100,000 concerts the past archive's count reads ~50,000 rows to show 20). Here a page
fetches one row more than it shows: that row says whether a next page exists, which is all the
"Older →" link needs. The listing says "Page 3", not "Page 3 of 2,500", and a filtered listing says how
many concerts match exactly on its last page, "more than 60" before it; a page past the end is a 404.
(ListView's ?page=last still asks for the count: one extra query, only then.)

`RowsByKeyPaginator` also picks a page's rows by their keys first (a "deferred join"), for listings whose
rows are wide and joined. `UpcomingThenPast` gives either paginator (or Django's, in the admin) the
upcoming-then-past order as two index ranges instead of a sort of every matching row.
"""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Count, Q, QuerySet


class UncountedPage(Page):
    total_unknown = True  # templates leave out "of N"

    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next
        # How many rows the listing has up to the end of this page; the exact total on its last page.
        self.count_so_far = (number - 1) * paginator.per_page + len(object_list)
        self.count_is_exact = not has_next

    def has_next(self):
        return self._has_next

    def next_page_number(self):
        if not self._has_next:
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def previous_page_number(self):
        if self.number <= 1:
            raise EmptyPage("That page number is less than 1")
        return self.number - 1


class SingleQueryPaginator(Paginator):
    # Far beyond any real listing, and small enough that the OFFSET always fits in a 64-bit integer.
    MAX_PAGE = 10**9

    def page(self, number):
        number = self.validate_number_format(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.rows(bottom, bottom + self.per_page + 1))  # one more: is there a next page?
        if not rows and not (number == 1 and self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        return UncountedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)

    def rows(self, start, stop):
        return self.object_list[start:stop]

    def validate_number_format(self, number):
        """1-based page number, checked for form only (the end of the listing is found by fetching)."""
        return self._validate_number(number, self.MAX_PAGE)


class RowsByKeyPaginator(SingleQueryPaginator):
    """Still one query a page, but the OFFSET walks the listing's index by primary key alone, and only the
    page's rows are then read whole with their joins and subqueries: `WHERE pk IN (SELECT pk … LIMIT 21
    OFFSET 980)`. Reading whole rows to skip them, the past archive's page 50 at 100,000 concerts read and
    joined 1,001 wide rows (25 ms of SQL) to show 20.

    For querysets whose order is on the model's own columns (not on a grouped annotation); the outer query
    keeps that order."""

    def rows(self, start, stop):
        if not isinstance(self.object_list, QuerySet) or start == 0:
            return self.object_list[start:stop]  # the first page skips nothing
        keys = self.object_list.values("pk")[start:stop]
        return self.object_list.filter(pk__in=keys)


class UpcomingThenPast:
    """Concerts upcoming soonest first, then past latest first, as a sequence either paginator slices
    (and Django's counts). One ORDER BY with that order (a CASE on the start) sorts every matching row for
    each page: at 100,000 concerts most of the admin list's time, and 50-200 ms of a composer's page. Here
    each part is read as a range of the start-time index, keys only; the page's rows are then read whole
    by key. A page that starts in the past part without the upcoming part's size at hand counts it.

    `whole_from_the_start`: a page's rows from the start of either part are read whole in one query, as
    the part's first rows in order, rather than by key first (one query fewer: 4.8 → 3.8 ms for a work's
    first page at 100,000 concerts). For listings whose matches are found walking the start-time index
    (a work's, composer's or performer's concerts: EXPLAIN in tests/test_query_plans.py); not for the
    admin's search, whose matches come from the search index and would be sorted as whole rows. Rows
    further in are still read by key: read whole, every skipped row would cost its joins and subqueries."""

    def __init__(self, queryset, now, whole_from_the_start=False, rows_by_key=None):
        self.matching, self.now, self.whole_from_the_start = queryset.order_by(), now, whole_from_the_start
        # Where a page's rows are read whole by key: `queryset`, or one without its conditions, which the
        # keys have met already (`rows_by_key`: the admin's search, whose condition read the search index
        # again for the page's 100 keys, 11 ms of a title search at 100,000 concerts).
        self.by_key = (queryset if rows_by_key is None else rows_by_key).order_by()
        self.upcoming_rows = queryset.filter(starts_at__gte=now).order_by("starts_at", "pk")
        self.past_rows = queryset.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
        self.upcoming = self.upcoming_rows.values_list("pk", flat=True)
        self.past = self.past_rows.values_list("pk", flat=True)

    @cached_property
    def counts(self):
        """The upcoming and all matching rows, counted in one pass."""
        return self.matching.aggregate(upcoming=Count("pk", filter=Q(starts_at__gte=self.now)), all=Count("pk"))

    def count(self):
        return self.counts["all"]

    def __len__(self):
        return self.count()

    def __getitem__(self, rows):
        start, stop = rows.start or 0, rows.stop
        page = self._part(self.upcoming_rows, start, stop)
        if len(page) < stop - start:
            if page or not start:
                skipped = 0  # the upcoming part ends on this page
            else:
                upcoming = self.counts["upcoming"] if "counts" in self.__dict__ else self.upcoming.count()
                skipped = start - upcoming
            page += self._part(self.past_rows, skipped, skipped + stop - start - len(page))
        return page

    def _part(self, rows, start, stop):
        """Rows `start` to `stop` of one part (`rows`, in its order)."""
        if start == 0 and self.whole_from_the_start:
            return list(rows[:stop])
        keys = list(rows.values_list("pk", flat=True)[start:stop])
        by_key = {row.pk: row for row in self.by_key.filter(pk__in=keys)} if keys else {}
        return [by_key[key] for key in keys if key in by_key]
