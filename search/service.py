"""The one entry point views use: search and suggestions, answered by the engine when one is
configured and up, by the database backend otherwise.

When the engine fails, the answer comes from the database backend (which Wagtail keeps up to
date alongside the engine) and is marked degraded; for a short while afterwards the engine is
not asked again, so a dead node does not cost every visitor a timeout.
"""

import time

from django.conf import settings
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.search.backends import get_search_backend

from .backends.base import EngineUnavailable
from .backends.database import DatabaseFacetedSearch
from .backends.engine import EngineFacetedSearch

ENGINE_RETRY_SECONDS = 30
_engine_down_until = 0.0


def _fallback_backend_name():
    return "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"


def _primary():
    backend = get_search_backend("default")
    if isinstance(backend, ElasticsearchBaseSearchBackend):
        return EngineFacetedSearch(backend)
    return DatabaseFacetedSearch(backend)


def _answer(method, *args):
    """(answer, degraded): from the configured backend, or from the database when the engine is down."""
    global _engine_down_until
    primary = _primary()
    if not isinstance(primary, EngineFacetedSearch):
        return getattr(primary, method)(*args), False
    if time.monotonic() >= _engine_down_until:
        try:
            return getattr(primary, method)(*args), False
        except EngineUnavailable:
            _engine_down_until = time.monotonic() + ENGINE_RETRY_SECONDS
    fallback = DatabaseFacetedSearch(get_search_backend(_fallback_backend_name()))
    return getattr(fallback, method)(*args), True


def search(params):
    """A :class:`~search.backends.base.SearchResult` for ``params``."""
    result, degraded = _answer("search", params)
    result.degraded = degraded
    return result


def suggest(prefix, limit=8):
    """(documents, degraded) for an as-you-type prefix."""
    return _answer("suggest", prefix, limit)


def reset_engine_state():
    """Forget a recorded engine failure (tests, and after an operator restarts the node)."""
    global _engine_down_until
    _engine_down_until = 0.0
