"""Faceted search on Wagtail's database backend (SQLite FTS5, PostgreSQL, MySQL): the embedded default.

Text matching and relevance come from the backend; facets, areas and sorting are SQL on the
search documents, so they work the same whichever database is underneath.

On SQLite the backend scores results with a correlated subquery that runs the full-text match
again for every matching row: 5 s a query at 10,000 records (benchmarks/search_latency.py). Here
the same match and score expressions (the backend's own compilers) run once, as one query over
the FTS table, ranked there and joined to the filtered documents.
"""

import json
import math

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import Count, F
from django.db.models.expressions import RawSQL

from ..models import SearchDocument, SearchFacet
from ..text import SearchText
from .base import (
    TITLE_MATCH_FACTOR,
    FacetedSearch,
    SearchResult,
    documents_in_order,
    text_query,
    title_holds_every_word,
)


def _with_facets(documents, filters):
    for name, values in filters.items():
        documents = documents.with_facet(name, values)
    return documents


def _in_area(documents, area):
    if not area:
        return documents
    west, south, east, north = area
    return documents.filter(
        latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
    )


def _count_tokens(documents, prefix=None):
    tokens = SearchFacet.objects.filter(document__in=documents.order_by().values("pk"))
    if prefix:
        tokens = tokens.filter(token__startswith=f"{prefix}:")
    counts = {}
    for row in tokens.values("token").annotate(count=Count("document")).order_by():
        name, _, value = row["token"].partition(":")
        counts.setdefault(name, {})[value] = row["count"]
    return counts


TEXT_COLUMN_WEIGHTS = (0.0, 1.0, 3.0)  # the title weighs as in the engine's mapping (boost 3)
SUGGEST_COLUMN_WEIGHTS = (1.0, 0.0, 0.0)


def fts5_query(search_text, operator, prefix=False):
    """An FTS5 MATCH string for prepared text: (folded words) OR (toned words); with ``prefix``
    the last word may be incomplete. Every token is letters and digits only (search.text), so
    quoting it is enough to keep FTS5 syntax out."""

    def clause(text):
        terms = [f'"{term}"' for term in text.split()]
        if prefix:
            terms[-1] += "*"
        return "(" + f" {operator.upper()} ".join(terms) + ")"

    clauses = [clause(search_text.folded)]
    if search_text.toned:
        clauses.append(clause(search_text.toned))
    return " OR ".join(clauses)


class SQLiteRanking:
    """Scores from the FTS5 table Wagtail's SQLite backend maintains, in one statement.

    The backend's own query lets SQLite loop over the index entries and run the full-text match
    once per entry (1 s at 10,000 records, and it adds a per-row subquery for scores). Here the
    FTS table drives the join (CROSS JOIN fixes the order), and bm25() gets column weights: the
    backend weighs a word in the body as much as one in the title.
    """

    def __init__(self, columns, column_weights):
        from modelsearch.backends.database.sqlite.sqlite import IndexEntry, SQLiteFTSIndexEntry

        # Table names are the models'; every value is a parameter. FTS5's MATCH and bm25() take
        # the table's own name, not an alias.
        fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
        self.sql = (
            f"SELECT CAST(entry.object_id AS INTEGER), bm25({fts}, %s, %s, %s) "  # noqa: S608
            f"FROM {fts} CROSS JOIN {entries} AS entry ON entry.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND entry.content_type_id = %s"
        )
        self.columns = columns
        self.column_weights = column_weights

    def scores(self, match):
        """{document id: bm25 score (lower is better)} of every document matching ``match``."""
        content_type = ContentType.objects.get_for_model(SearchDocument)
        with connections[router.db_for_read(SearchDocument)].cursor() as cursor:
            cursor.execute(
                self.sql, [*self.column_weights, f"{{{self.columns}}} : ({match})", content_type.pk]
            )
            return dict(cursor.fetchall())


def ids_in(ids):
    """A subquery of ``ids`` passed as one JSON parameter (no limit on how many)."""
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def rank_by_weight(scores, documents, folded_query, start, stop):
    """Ids of ``documents`` ordered by score × rank_weight, × TITLE_MATCH_FACTOR when the title
    holds every word (bm25 is negative: lower is better)."""
    weights = {}
    for pk, weight, title in documents.order_by().values_list("pk", "rank_weight", "search_title"):
        factor = TITLE_MATCH_FACTOR if title_holds_every_word(title, folded_query) else 1.0
        weights[pk] = weight * factor
    ranked = sorted(weights, key=lambda pk: (scores[pk] * weights[pk], pk))
    return ranked[start:stop]


class DatabaseFacetedSearch(FacetedSearch):
    def __init__(self, backend):
        super().__init__(backend)
        vendor = connections[router.db_for_read(SearchDocument)].vendor
        self.sqlite = vendor == "sqlite"
        self._scores = {}
        if self.sqlite:
            self.search_ranking = SQLiteRanking("title body", TEXT_COLUMN_WEIGHTS)
            self.suggest_ranking = SQLiteRanking("autocomplete", SUGGEST_COLUMN_WEIGHTS)

    def _matching(self, documents, params, operator):
        """The documents matching the words, unordered (for counts and facets)."""
        if not params.query:
            return documents
        if self.sqlite:
            scores = self._sqlite_scores(params, operator)
            return documents.filter(pk__in=ids_in(scores))
        query = text_query(params.query, operator)
        return self.backend.search(query, documents, order_by_relevance=False).get_queryset().order_by()

    def _sqlite_scores(self, params, operator):
        key = (params.query, operator)
        if key not in self._scores:
            self._scores[key] = self.search_ranking.scores(fts5_query(params.query, operator))
        return self._scores[key]

    def _page_ids(self, filtered, matched, params, operator):
        """Ids of the page: ``matched`` in the asked order (``filtered`` is the same set before
        the words were matched, which the backend's own relevance search starts from)."""
        start, stop = params.offset, params.offset + params.size
        if params.sort != "relevance" or not params.query:
            return list(self._ordered(matched, params).values_list("pk", flat=True)[start:stop])
        if self.sqlite:
            scores = self._sqlite_scores(params, operator)
            return rank_by_weight(scores, matched, params.query.folded, start, stop)
        query = text_query(params.query, operator)
        scored = self.backend.search(query, filtered).annotate_score("_score").get_queryset()
        ranked = scored.order_by((F("_score") * F("rank_weight")).desc(), "pk")
        return list(ranked.values_list("pk", flat=True)[start:stop])

    def _ordered(self, matched, params):
        if params.sort == "distance":
            latitude, longitude, _ = params.near
            k = math.cos(math.radians(latitude))
            lat, lon = F("latitude"), F("longitude")
            distance = (lat - latitude) * (lat - latitude) + (lon - longitude) * (lon - longitude) * k * k
            return matched.annotate(distance=distance).order_by("distance", "pk")
        if params.sort in ("date", "-date"):
            year = F("earliest_year")
            order = year.asc(nulls_last=True) if params.sort == "date" else year.desc(nulls_last=True)
            return matched.order_by(order, "sort_title", "pk")
        return matched.order_by("sort_title", "pk")

    def run(self, params, operator):
        in_area = _in_area(SearchDocument.objects.all(), params.area())
        matched_everywhere = self._matching(in_area, params, operator)
        matched = _with_facets(matched_everywhere, params.filters)
        total = matched.count()
        filtered = _with_facets(in_area, params.filters)
        page_ids = self._page_ids(filtered, matched, params, operator) if total else []
        # A facet's own selection is left out of its counts, so other values stay choosable.
        facets = _count_tokens(matched)
        for name in params.filters:
            others = {key: values for key, values in params.filters.items() if key != name}
            facets[name] = _count_tokens(_with_facets(matched_everywhere, others), prefix=name).get(name, {})
        return SearchResult(documents=documents_in_order(page_ids), total=total, facets=facets)

    def suggest_candidates(self, prefix, limit):

        documents = SearchDocument.objects.all()
        if self.sqlite:
            scores = self.suggest_ranking.scores(fts5_query(SearchText(prefix, ""), "and", prefix=True))
            ranked = sorted(scores, key=lambda pk: (scores[pk], pk))[:limit]
            return documents_in_order(ranked)
        results = self.backend.autocomplete(prefix, documents, operator="and")
        return list(results[:limit])
