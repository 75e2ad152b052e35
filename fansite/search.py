"""Site search: collects each app's search function (concerts/search.py, profiles/search.py, news/search.py).

A fixed number of queries: the concerts (their own stored documents), one query over the documents of
every other kind (fansite/text_search.py's `find_documents`), then one for each kind that had a match,
which reads those records (leaving out what is not public: for works, composers and performers, as kept
per content version, concerts/search.py's `public_records`). The query is cleaned once here.
"""

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings

from concerts.search import public_records, search_composers, search_concerts, search_performers, search_works
from .news.search import search_news
from profiles.search import matching_paragraphs, search_milestones, search_profile, search_recordings

from .text_search import clean_query, find_documents


@dataclass
class SearchResults:
    query: str = ""
    concerts: list = field(default_factory=list)
    works: list = field(default_factory=list)
    composers: list = field(default_factory=list)
    performers: list = field(default_factory=list)
    recordings: list = field(default_factory=list)
    biography: list = field(default_factory=list)  # paragraphs of the long bio that match
    milestones: list = field(default_factory=list)
    news: list = field(default_factory=list)
    profile: object = None

    @property
    def count(self):
        return (len(self.concerts) + len(self.works) + len(self.composers) + len(self.performers) + len(self.recordings) + len(self.milestones) + len(self.news)
                + (1 if self.biography else 0))


def search(raw_query, version=None):
    """The results of `raw_query`; `version`: the content version the request read, if known."""
    query = clean_query(raw_query)
    results = SearchResults(query=query)
    if not query:
        return results
    limit = settings.SEARCH_RESULTS_PER_KIND
    results.concerts = search_concerts(query, limit)
    found = find_documents(query)
    records = cache(lambda: public_records(version))  # read once, by the first kind that has a match
    results.works = search_works(found, limit, records)
    results.composers = search_composers(found, limit, records)
    results.performers = search_performers(found, limit, records)
    results.recordings = search_recordings(found, limit)
    results.milestones = search_milestones(found, limit)
    results.news = search_news(found, limit)
    results.profile = search_profile(found)
    if results.profile:
        results.biography = matching_paragraphs(results.profile, query)
    return results
