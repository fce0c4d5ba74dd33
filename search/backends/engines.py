"""Wagtail's OpenSearch 2 and Elasticsearch 8/9 backends with one index layout both engines accept.

Wagtail's default index settings need the ``analysis-common`` module (``asciifolding``,
``ngram``, ``edge_ngram``), which Elasticsearch's minimal distribution lacks and a managed
cluster may not offer either. Nothing here needs it: search.text folds, lower-cases and stems
the text before it reaches the engine, so the standard tokenizer is all the engine must do; and
as-you-type matching uses ``index_prefixes`` (a Lucene feature of every text field) on the
suggestion field instead of edge n-grams. The same settings serve both engines, so they rank
and suggest alike.

``settings.search_backends`` names one of the backend classes below.
"""

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)
from modelsearch.backends.elasticsearchbase import ElasticsearchAtomicIndexRebuilder
from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
)

# Text arrives folded and lower-cased (search.text); lower-casing again keeps identifiers and
# anything indexed by hand in step. Wagtail's mappings name these two analysers.
_PLAIN = {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
INDEX_SETTINGS = {
    "settings": {
        "analysis": {"analyzer": {"ngram_analyzer": _PLAIN, "edgengram_analyzer": _PLAIN}},
    }
}
# Prefixes of 1–19 characters (the most Lucene allows) are indexed as terms of their own, so a
# half-typed last word is one term lookup, not an expansion over the dictionary.
AUTOCOMPLETE_FIELD = {
    "analyzer": "edgengram_analyzer",
    "search_analyzer": "standard",
    "index_prefixes": {"min_chars": 1, "max_chars": 19},
}


MERGE_TIMEOUT_SECONDS = 1800


class MergingRebuilder(ElasticsearchAtomicIndexRebuilder):
    """``update_index``'s new index, merged into one segment before it is swapped in.

    A rebuild writes the index in bulk, leaving many segments that the engine would otherwise
    go on merging in the background after the swap, while visitors search: every search visits
    each segment, and each merge opens a new reader, which drops what the request cache kept.
    Merged before the swap, the index is served whole from its first search. One segment of an
    archive's index is some tens of megabytes (100,000 records: about 100 MB), far below the size
    at which the engine would stop merging it with the small segments later publications add."""

    def finish(self):
        self.index.refresh()
        self.index.backend.force_merge(self.index.name)
        super().finish()


class PortableMixin:
    settings = INDEX_SETTINGS
    atomic_rebuilder_class = MergingRebuilder


# --- OpenSearch 2 (opensearch-py) ------------------------------------------------------------


class OpenSearchMapping(OpenSearch2Mapping):
    edgengram_analyzer_config = AUTOCOMPLETE_FIELD


class OpenSearchQueryCompiler(OpenSearch2SearchQueryCompiler):
    mapping_class = OpenSearchMapping


class OpenSearchAutocompleteCompiler(OpenSearch2AutocompleteQueryCompiler):
    mapping_class = OpenSearchMapping


class OpenSearchBackend(PortableMixin, OpenSearch2SearchBackend):
    engine = "opensearch"
    mapping_class = OpenSearchMapping
    query_compiler_class = OpenSearchQueryCompiler
    autocomplete_query_compiler_class = OpenSearchAutocompleteCompiler

    def search_raw(self, index, body, timeout):
        return self.es.search(index=index, body=body, request_timeout=timeout)

    def force_merge(self, index):
        self.es.indices.forcemerge(index=index, max_num_segments=1, request_timeout=MERGE_TIMEOUT_SECONDS)

    def msearch_raw(self, index, searches, timeout):
        def send(batch):
            lines = [line for header, body in batch for line in (header, body)]
            return self.es.msearch(body=lines, index=index, request_timeout=timeout)["responses"]

        return answered(send, searches)


# --- Elasticsearch 8 and 9 (elasticsearch-py 8, which speaks to both) -------------------------


class ElasticsearchMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = AUTOCOMPLETE_FIELD


class ElasticsearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = ElasticsearchMapping


class ElasticsearchAutocompleteCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = ElasticsearchMapping


class ElasticsearchBackend(PortableMixin, Elasticsearch8SearchBackend):
    engine = "elasticsearch"
    mapping_class = ElasticsearchMapping
    query_compiler_class = ElasticsearchQueryCompiler
    autocomplete_query_compiler_class = ElasticsearchAutocompleteCompiler

    def search_raw(self, index, body, timeout):
        return self.es.options(request_timeout=timeout).search(index=index, **body)

    def force_merge(self, index):
        self.es.options(request_timeout=MERGE_TIMEOUT_SECONDS).indices.forcemerge(
            index=index, max_num_segments=1
        )

    def msearch_raw(self, index, searches, timeout):
        def send(batch):
            lines = [line for header, body in batch for line in (header, body)]
            return self.es.options(request_timeout=timeout).msearch(index=index, searches=lines)["responses"]

        return answered(send, searches)


def _server_side(answer):
    return answer.get("status", 500) >= 500


def answered(send, searches):
    """``send(searches)``'s responses, each search that failed on the engine's side sent once more.

    A node leaving the cluster (a restart, an upgrade, a crash) can fail a search it had begun: the
    query phase ran on its shards, the fetch phase found them gone ("search_phase_execution_exception",
    status 500). The cluster has already routed those shards to their copies, so the same search
    sent again is answered; only what fails twice falls back to the database.
    """
    responses = list(send(searches))
    failed = [n for n, answer in enumerate(responses) if "error" in answer and _server_side(answer)]
    if failed:
        for n, response in zip(failed, send([searches[n] for n in failed]), strict=True):
            responses[n] = response
    return responses


def transport_errors():
    """Exceptions either client raises for a request that failed (connection, timeout, HTTP error)."""
    import elastic_transport
    import elasticsearch
    import opensearchpy

    return (opensearchpy.TransportError, elasticsearch.ApiError, elastic_transport.TransportError)
