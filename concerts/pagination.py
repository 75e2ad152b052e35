"""A paginator that learns the total from the page query itself.

Django's Paginator runs COUNT(*) and then fetches the page: two queries. Here the page rows carry the
total as a window aggregate (COUNT(*) OVER ()), so a listing page costs one query. An empty page needs
no count either: page 1 is a valid empty listing, and any later empty page is past the end (404).
(ListView's ?page=last still asks for the count first: one extra query, only then.)
"""

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Window


class SingleQueryPaginator(Paginator):
    # Far beyond any real listing, and small enough that the OFFSET always fits in a 64-bit integer.
    MAX_PAGE = 10**9

    def page(self, number):
        number = self.validate_number_format(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(_listing_total=Window(Count("pk")))[bottom : bottom + self.per_page])
        if rows:
            self.__dict__["count"] = rows[0]._listing_total  # fills the cached_property Paginator.count
        elif number == 1 and self.allow_empty_first_page:
            self.__dict__["count"] = 0
        else:
            raise EmptyPage("That page contains no results")
        return self._get_page(rows, number, self)

    def validate_number_format(self, number):
        """1-based page number, checked for form only (the end of the listing is found by fetching)."""
        return self._validate_number(number, self.MAX_PAGE)
