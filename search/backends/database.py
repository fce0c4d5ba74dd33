"""Faceted search on Wagtail's database backend (SQLite FTS5, PostgreSQL, MySQL): the embedded default.

Text matching and relevance come from the backend; facets, areas and sorting are SQL on the
search documents, so they work the same whichever database is underneath.

On SQLite the backend scores results with a correlated subquery that runs the full-text match
again for every matching row: 5 s a query at 10,000 records (benchmarks/search_latency.py). Here
the same match and score expressions (the backend's own compilers) run once, as one query over
the FTS table, ranked there and joined to the filtered documents.
"""

import math

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import CharField, Count, F, FloatField, IntegerField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from ..models import SearchDocument, SearchFacet
from .base import FacetedSearch, SearchResult, documents_in_order, text_query


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


class SQLiteRanking:
    """The FTS5 rows of the backend's index matching a query, scored in the same statement."""

    def __init__(self, compiler_class, column_weights):
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        self.compiler_class = compiler_class
        # The backend's bm25() weighs every column alike, so a word in the body counts as much as
        # one in the title; the FTS columns are (autocomplete, body, title).
        table = SQLiteFTSIndexEntry._meta.db_table
        bm25 = f"bm25({table}, %s, %s, %s)"  # the table name is the model's; the weights are parameters
        self.bm25 = RawSQL(bm25, column_weights, output_field=FloatField())  # noqa: S611
        self.match_expression = MatchExpression
        self.normalize = normalize
        self.fts_entries = SQLiteFTSIndexEntry.objects

    def rows(self, query, documents):
        """FTS rows for ``query`` among ``documents``, annotated with ``score`` (lower is better:
        bm25 is negative), already multiplied by each document's ``rank_weight``."""
        compiler = self.compiler_class(documents, query)
        search_query = compiler.build_search_query(self.normalize(query), config=None)
        content_type = ContentType.objects.get_for_model(SearchDocument)
        ids_as_text = documents.order_by().annotate(text_pk=Cast("pk", CharField())).values("text_pk")
        weight = SearchDocument.objects.filter(
            pk=Cast(OuterRef("index_entry__object_id"), IntegerField())
        ).values("rank_weight")[:1]
        return (
            self.fts_entries.filter(self.match_expression(compiler.FTS_TABLE_FIELDS, search_query))
            .filter(index_entry__content_type=content_type, index_entry__object_id__in=ids_as_text)
            .annotate(score=self.bm25 * Subquery(weight, output_field=FloatField()))
        )

    def matching(self, query, documents):
        return documents.filter(pk__in=self.rows(query, documents).values("index_entry__object_id"))

    def ranked_ids(self, query, documents, start, stop):
        rows = self.rows(query, documents).order_by("score", "index_entry__object_id")
        return [int(pk) for pk in rows.values_list("index_entry__object_id", flat=True)[start:stop]]


class DatabaseFacetedSearch(FacetedSearch):
    def __init__(self, backend):
        super().__init__(backend)
        vendor = connections[router.db_for_read(SearchDocument)].vendor
        self.sqlite = vendor == "sqlite"
        if self.sqlite:
            self.search_ranking = SQLiteRanking(backend.query_compiler_class, TEXT_COLUMN_WEIGHTS)
            self.suggest_ranking = SQLiteRanking(
                backend.autocomplete_query_compiler_class, SUGGEST_COLUMN_WEIGHTS
            )

    def _matching(self, documents, params, operator):
        """The documents matching the words, unordered (for counts and facets)."""
        if not params.query:
            return documents
        query = text_query(params.query, operator)
        if self.sqlite:
            return self.search_ranking.matching(query, documents)
        return self.backend.search(query, documents, order_by_relevance=False).get_queryset().order_by()

    def _page_ids(self, matched, params, operator):
        start, stop = params.offset, params.offset + params.size
        if params.sort != "relevance" or not params.query:
            return list(self._ordered(matched, params).values_list("pk", flat=True)[start:stop])
        query = text_query(params.query, operator)
        if self.sqlite:
            return self.search_ranking.ranked_ids(query, matched, start, stop)
        scored = self.backend.search(query, matched).annotate_score("_score").get_queryset()
        ranked = scored.order_by((F("_score") * F("rank_weight")).desc(), "pk")
        return list(ranked.values_list("pk", flat=True)[start:stop])

    def _ordered(self, matched, params):
        if params.sort == "distance":
            latitude, longitude, _ = params.near
            k = math.cos(math.radians(latitude))
            lat, lon = Cast(F("latitude"), FloatField()), Cast(F("longitude"), FloatField())
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
        page_ids = self._page_ids(_with_facets(in_area, params.filters), params, operator) if total else []
        # A facet's own selection is left out of its counts, so other values stay choosable.
        facets = _count_tokens(matched)
        for name in params.filters:
            others = {key: values for key, values in params.filters.items() if key != name}
            facets[name] = _count_tokens(_with_facets(matched_everywhere, others), prefix=name).get(name, {})
        return SearchResult(documents=documents_in_order(page_ids), total=total, facets=facets)

    def suggest_candidates(self, prefix, limit):
        from wagtail.search.query import PlainText

        documents = SearchDocument.objects.all()
        if self.sqlite:
            ids = self.suggest_ranking.ranked_ids(PlainText(prefix, operator="and"), documents, 0, limit)
            return documents_in_order(ids)
        results = self.backend.autocomplete(prefix, documents, operator="and")
        return list(results[:limit])
