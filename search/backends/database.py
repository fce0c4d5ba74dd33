"""Faceted search on Wagtail's database backend (SQLite FTS5, PostgreSQL, MySQL): the embedded default.

Text matching and relevance come from the backend; facets, areas and sorting are SQL on the
search documents, so they work the same whichever database is underneath.
"""

import math

from django.db.models import Count, F, FloatField
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


class DatabaseFacetedSearch(FacetedSearch):
    def _matching(self, documents, params, operator):
        if not params.query:
            return documents
        results = self.backend.search(
            text_query(params.query, operator), documents, order_by_relevance=params.sort == "relevance"
        )
        return results.get_queryset()

    def _ordered(self, matched, params):
        if params.sort == "relevance":
            return matched  # the backend's score order
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
        page_ids = list(
            self._ordered(matched, params).values_list("pk", flat=True)[
                params.offset : params.offset + params.size
            ]
        )
        # A facet's own selection is left out of its counts, so other values stay choosable.
        facets = _count_tokens(matched)
        for name in params.filters:
            others = {key: values for key, values in params.filters.items() if key != name}
            facets[name] = _count_tokens(_with_facets(matched_everywhere, others), prefix=name).get(name, {})
        return SearchResult(documents=documents_in_order(page_ids), total=total, facets=facets)

    def suggest_candidates(self, prefix, limit):
        results = self.backend.autocomplete(prefix, SearchDocument.objects.all(), operator="and")
        return list(results[:limit])
