"""Search tests run twice: on the database backend and on a real OpenSearch node."""

import os
import uuid
from contextlib import contextmanager

import pytest
from django.test import TestCase
from wagtail.search.backends import get_search_backend

from heritage_site.settings.base import search_backends
from search import service
from search.models import SearchDocument


class Backend:
    def __init__(self, name):
        self.name = name

    def refresh(self):
        """Make what was just indexed searchable (the engine refreshes once a second by itself)."""
        if self.name == "opensearch":
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


def use_opensearch(settings, opensearch_url):
    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings.WAGTAILSEARCH_BACKENDS = search_backends(f"{opensearch_url}/{prefix}")
    index = get_search_backend().get_index_for_model(SearchDocument)
    index.reset()
    index.add_model(SearchDocument)
    return prefix


def drop_indices(prefix):
    get_search_backend().es.indices.delete(index=f"{prefix}_*", ignore_unavailable=True)


# On PostgreSQL (bin/run-tests' second pass) the database backend is PostgreSQL full text; the
# engine does not depend on the database, so its runs happen once, in the SQLite pass.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
BACKENDS = ["database"] if ON_POSTGRES else ["database", "opensearch"]


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    service.reset_engine_state()
    if request.param == "database":
        settings.WAGTAILSEARCH_BACKENDS = search_backends("")
        yield Backend("database")
        return
    prefix = use_opensearch(settings, request.getfixturevalue("opensearch_url"))
    yield Backend("opensearch")
    drop_indices(prefix)
