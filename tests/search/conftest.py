"""Search tests run three times: on the database backend, on a real OpenSearch node and on a real
Elasticsearch node (both started by bin/search-engine)."""

import os
import uuid
from contextlib import contextmanager

import pytest
from django.test import TestCase
from wagtail.search.backends import get_search_backend

from heritage_site.settings.base import search_backends
from search import service
from search.models import SearchDocument

ENGINES = ["opensearch", "elasticsearch"]


class Backend:
    def __init__(self, name):
        self.name = name

    def refresh(self):
        """Make what was just indexed searchable (the engine refreshes once a second by itself)."""
        if self.name in ENGINES:
            get_search_backend().get_index_for_model(SearchDocument).refresh()

    @contextmanager
    def publishing(self):
        """Run what publishing queues on commit (search refreshes), then make it searchable."""
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
        self.refresh()

    @contextmanager
    def publishing_without_refresh(self):
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield


def search_url(engine, urls, index):
    """SEARCH_URL for the node URLs bin/search-engine printed ("http://h:p,http://h:q")."""
    hosts = ",".join(url.split("://", 1)[1] for url in urls.split(","))
    return f"{engine}://{hosts}/{index}"


def use_engine(settings, engine, urls, **options):
    """Point the site at the engine with a fresh index prefix (``options``: more of Wagtail's
    backend settings); the prefix (for drop_indices)."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    backends = search_backends(search_url(engine, urls, prefix))
    backends["default"].update(options)
    settings.WAGTAILSEARCH_BACKENDS = backends
    index = get_search_backend().get_index_for_model(SearchDocument)
    index.reset()
    index.add_model(SearchDocument)
    return prefix


def drop_indices(prefix):
    get_search_backend().es.indices.delete(index=f"{prefix}_*", ignore_unavailable=True)


# On PostgreSQL (bin/run-tests' second pass) the database backend is PostgreSQL full text; the
# engines do not depend on the database, so their runs happen once, in the SQLite pass.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
BACKENDS = ["database"] if ON_POSTGRES else ["database", *ENGINES]


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    service.reset_engine_state()
    if request.param == "database":
        settings.WAGTAILSEARCH_BACKENDS = search_backends("")
        yield Backend("database")
        return
    prefix = use_engine(settings, request.param, request.getfixturevalue(f"{request.param}_url"))
    yield Backend(request.param)
    drop_indices(prefix)


@pytest.fixture(params=ENGINES)
def engine(request, settings, db):
    """Each engine in turn (for what only an engine does: index swaps, outages)."""
    service.reset_engine_state()
    prefix = use_engine(settings, request.param, request.getfixturevalue(f"{request.param}_url"))
    yield Backend(request.param)
    service.reset_engine_state()
    drop_indices(prefix)
