"""Rebuilding: search documents from the catalogue, and the engine's index with no downtime."""

import pytest
from django.core.management import call_command
from modelsearch.backends.elasticsearchbase import ElasticsearchAtomicIndexRebuilder
from wagtail.search.backends import get_search_backend

from search.models import SearchDocument
from tests import factories

from .test_search import identifiers, run

pytestmark = pytest.mark.django_db


def test_rebuild_search_documents_repairs_drift(backend, indexes):
    with backend.publishing():
        factories.site(indexes, title="Phố cổ Hội An", slug="hoi-an", identifier="QN-DT-0001")
    SearchDocument.objects.all().delete()  # drift: documents lost (e.g. restored from an old backup)
    factories.site(
        indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son", identifier="QN-DT-0002"
    )  # no tasks ran
    call_command("rebuild_search_documents", stdout=open("/dev/null", "w"))  # noqa: SIM115
    backend.refresh()
    assert sorted(identifiers(run())) == ["QN-DT-0001", "QN-DT-0002"]


def test_update_index_swaps_a_new_index_in_while_search_keeps_answering(engine, indexes, monkeypatch):
    # (The database backend rebuilds inside one transaction: readers see the old entries until commit.)
    with engine.publishing():
        factories.site(indexes, title="Phố cổ Hội An", slug="hoi-an", identifier="QN-DT-0001")
    alias = get_search_backend().get_index_for_model(SearchDocument)
    during = []
    original_finish = ElasticsearchAtomicIndexRebuilder.finish

    def finish(self):
        if self.alias.name == alias.name:
            during.append(identifiers(run(q="hoi an")))  # the new index is full but not yet swapped in
        return original_finish(self)

    monkeypatch.setattr(ElasticsearchAtomicIndexRebuilder, "finish", finish)
    call_command("update_index", backend_name="default", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert during == [["QN-DT-0001"]]
    assert alias.is_alias()
    first = [index.name for index in alias.aliased_indices()]
    call_command("update_index", backend_name="default", stdout=open("/dev/null", "w"))  # noqa: SIM115
    second = [index.name for index in alias.aliased_indices()]
    assert len(first) == len(second) == 1 and first != second
    assert not get_search_backend().es.indices.exists(index=first[0])  # the old index is gone
    assert identifiers(run(q="hoi an")) == ["QN-DT-0001"]
