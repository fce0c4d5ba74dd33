"""Faceted search on an OpenSearch or Elasticsearch node (the backends of search.backends.engines).

Wagtail's backend builds the text query and keeps the index (mappings, alias swaps); this module
adds what Wagtail's API cannot express in one round trip: filters, all facet counts as
aggregations, geographic areas and distance order. A failure to reach the engine becomes
:class:`EngineUnavailable`, which the caller answers from the database.

A search is two requests sent together (``_msearch``, one round trip; the node runs them side by
side): the page of hits, and the facet counts with ``size: 0``. Both are kept in the shards'
request cache (a request with hits only when it asks, as these do): a popular query -- the bare
search page, "hoi an" typed by every second visitor -- is then answered from memory until the
index next changes, when the engine drops what it kept (a refresh after a write), so a published
record is never missing from a cached answer. The counts are most of the work at 100,000 records
(every matching document's facet tokens are counted).
"""

import logging

from wagtail.search.index import AutocompleteField, FilterField

from ..models import SearchDocument
from .base import (
    TITLE_MATCH_FACTOR,
    EngineUnavailable,
    FacetedSearch,
    SearchResult,
    documents_in_order,
    text_query,
)
from .engines import transport_errors

logger = logging.getLogger(__name__)

QUERY_TIMEOUT_SECONDS = 2
MAX_FACET_VALUES = 500


class EngineQueryError(Exception):
    """The engine refused one of our requests (4xx): a bug here, raised rather than hidden."""

    def __init__(self, status_code, error):
        super().__init__(f"{status_code}: {error}")
        self.status_code = status_code


def _unavailable(error):
    """EngineUnavailable for a connection failure, a timeout or a 5xx; a 4xx is our bug and is raised."""
    status = getattr(error, "status_code", None)
    if isinstance(status, int) and status < 500:
        raise error
    logger.warning("Search engine unavailable: %s", error)
    return EngineUnavailable(str(error))


class EngineFacetedSearch(FacetedSearch):
    def __init__(self, backend):
        super().__init__(backend)
        mapping = backend.mapping_class(SearchDocument)
        self.column = {
            name: mapping.get_field_column_name(FilterField(name))
            for name in (
                "facet_tokens",
                "earliest_year",
                "latitude",
                "longitude",
                "sort_title",
                "location",
                "rank_weight",
            )
        }
        self.column["suggest"] = mapping.get_field_column_name(AutocompleteField("suggest"))

    @property
    def index_name(self):
        return self.backend.get_index_for_model(SearchDocument).name

    def _text_query(self, params, operator):
        if not params.query:
            return {"match_all": {}}
        compiler = self.backend.query_compiler_class(
            SearchDocument.objects.all(), text_query(params.query, operator)
        )
        weight = {"field": self.column["rank_weight"], "missing": 1}
        whole_title = {"match": {"title": {"query": params.query.folded, "operator": "and"}}}
        return {
            "function_score": {
                "query": compiler.get_inner_query(),
                "functions": [
                    {"field_value_factor": weight},
                    {"filter": whole_title, "weight": TITLE_MATCH_FACTOR},
                ],
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }

    def _facet_filter(self, filters):
        return [
            {"terms": {self.column["facet_tokens"]: [f"{name}:{value}" for value in values]}}
            for name, values in filters.items()
        ]

    def _area_filter(self, area):
        if not area:
            return []
        west, south, east, north = area
        return [
            {"range": {self.column["latitude"]: {"gte": south, "lte": north}}},
            {"range": {self.column["longitude"]: {"gte": west, "lte": east}}},
        ]

    def _sort(self, params):
        if params.sort == "relevance":
            return ["_score", {"pk": "desc"}]
        if params.sort == "distance":
            latitude, longitude, _ = params.near
            point = {"lat": latitude, "lon": longitude}
            return [
                {"_geo_distance": {self.column["location"]: point, "order": "asc", "unit": "km"}},
                {"pk": "asc"},
            ]
        if params.sort in ("date", "-date"):
            order = "asc" if params.sort == "date" else "desc"
            return [
                {self.column["earliest_year"]: {"order": order, "missing": "_last"}},
                {self.column["sort_title"]: "asc"},
                {"pk": "asc"},
            ]
        return [{self.column["sort_title"]: "asc"}, {"pk": "asc"}]

    def _facet_aggregations(self, filters):
        def terms(include=None):
            spec = {"field": self.column["facet_tokens"], "size": MAX_FACET_VALUES}
            if include:
                spec["include"] = include
            return {"terms": spec}

        all_filters = self._facet_filter(filters)
        aggregations = {"all": {"filter": {"bool": {"filter": all_filters}}, "aggs": {"tokens": terms()}}}
        for name in filters:
            others = self._facet_filter({key: values for key, values in filters.items() if key != name})
            aggregations[f"own_{name}"] = {
                "filter": {"bool": {"filter": others}},
                "aggs": {"tokens": terms(include=f"{name}:.*")},  # facet names are plain words
            }
        return aggregations

    def _msearch(self, searches):
        """The responses to ``searches``, [(header, body)], sent in one request."""
        try:
            responses = self.backend.msearch_raw(self.index_name, searches, QUERY_TIMEOUT_SECONDS)
        except transport_errors() as error:
            raise _unavailable(error) from error
        for response in responses:
            if "error" in response:
                error = EngineQueryError(response.get("status", 500), response["error"])
                if error.status_code < 500:
                    raise error
                raise _unavailable(error)
        return responses

    def searches(self, params, operator):
        """[(header, body)] that answer a search: the page of hits and total; the facet counts."""
        query = {
            "bool": {"must": self._text_query(params, operator), "filter": self._area_filter(params.area())}
        }
        hits = {
            "query": query,
            "post_filter": {"bool": {"filter": self._facet_filter(params.filters)}},
            "sort": self._sort(params),
            "from": params.offset,
            "size": params.size,
            "track_total_hits": True,
            "_source": False,
            "stored_fields": ["pk"],
        }
        counts = {
            "query": query,
            "aggs": self._facet_aggregations(params.filters),
            "size": 0,
            "track_total_hits": False,
        }
        return [({"request_cache": True}, hits), ({"request_cache": True}, counts)]

    def run(self, params, operator):
        hits, counts = self._msearch(self.searches(params, operator))
        ids = [int(hit["fields"]["pk"][0]) for hit in hits["hits"]["hits"]]
        aggregations = counts["aggregations"]
        facets = _bucket_counts(aggregations["all"]["tokens"]["buckets"])
        for name in params.filters:
            facets[name] = _bucket_counts(aggregations[f"own_{name}"]["tokens"]["buckets"]).get(name, {})
        return SearchResult(
            documents=documents_in_order(ids), total=hits["hits"]["total"]["value"], facets=facets
        )

    def suggest_candidates(self, prefix, limit):
        # Every word typed, the last one begun: a prefix term of the suggestion field (engines.py).
        body = {
            "query": {"match_bool_prefix": {self.column["suggest"]: {"query": prefix, "operator": "and"}}},
            "sort": ["_score", {self.column["sort_title"]: "asc"}, {"pk": "asc"}],
            "size": limit,
            "_source": False,
            "stored_fields": ["pk"],
        }
        (response,) = self._msearch([({}, body)])
        return documents_in_order([int(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]])


def _bucket_counts(buckets):
    counts = {}
    for bucket in buckets:
        name, _, value = bucket["key"].partition(":")
        counts.setdefault(name, {})[value] = bucket["doc_count"]
    return counts
