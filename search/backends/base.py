"""What every faceted-search backend answers, and the parts they share."""

import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from wagtail.search.query import Or, PlainText

from ..models import SearchDocument

SUGGEST_CANDIDATES_FACTOR = 4
# Relevance is multiplied by this when the title holds every word of the query: "shiva my son"
# means the statue called so before the sanctuary whose description mentions Shiva.
TITLE_MATCH_FACTOR = 2.0


def title_holds_every_word(search_title, folded_query):
    return set(folded_query.split()) <= set(search_title.split())


class EngineUnavailable(Exception):
    """The search engine did not answer; the caller falls back to the database."""


@dataclass
class SearchResult:
    documents: list  # SearchDocument, in result order
    total: int
    facets: dict = field(default_factory=dict)  # facet name → {value: count}
    relaxed: bool = False  # no record had every word: these have some of them
    degraded: bool = False  # the engine was down: the database answered


class FacetedSearch(ABC):
    """Runs :class:`~search.params.SearchParams` against one Wagtail search backend."""

    def __init__(self, backend):
        self.backend = backend

    def search(self, params):
        result = self.run(params, operator="and")
        if result.total == 0 and len(params.query.folded.split()) > 1:
            result = self.run(params, operator="or")
            result.relaxed = True
        return result

    @abstractmethod
    def run(self, params, operator):
        """A :class:`SearchResult`, the words joined by ``operator`` ("and" / "or")."""

    def suggest(self, prefix, limit):
        """Documents whose titles contain the words of ``prefix`` (folded, the last one begun).
        Titles where the words follow one another as typed come first, then those where the last
        word needs the fewest letters to complete."""
        if not prefix:
            return []
        candidates = self.suggest_candidates(prefix, limit * SUGGEST_CANDIDATES_FACTOR)
        as_typed = re.compile(rf"(?:^|\s){re.escape(prefix)}(\S*)")

        def rank(document):
            match = as_typed.search(document.suggest)
            return (0, len(match.group(1))) if match else (1, 0)

        candidates.sort(key=rank)
        return candidates[:limit]

    @abstractmethod
    def suggest_candidates(self, prefix, limit):
        """Up to ``limit`` documents whose suggestion text has the words of ``prefix``, best first."""


def text_query(search_text, operator):
    """The Wagtail query for prepared text: folded words, or'ed with the toned words when typed."""
    folded = PlainText(search_text.folded, operator=operator)
    if not search_text.toned:
        return folded
    return Or([folded, PlainText(search_text.toned, operator=operator)])


def documents_in_order(ids):
    """The documents of ``ids`` in that order, without the texts prepared for the index (the
    largest columns, which no answer shows)."""
    documents = SearchDocument.objects.select_related("thumbnail").defer("search_title", "search_body")
    by_id = documents.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def distance_km(latitude, longitude, document):
    """Equirectangular distance, ample at the scale of a province."""
    k = math.cos(math.radians(latitude))
    d_lat = document.latitude - latitude
    d_lon = (document.longitude - longitude) * k
    return 111.32 * math.hypot(d_lat, d_lon)
