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


def segments(backend, index_name):
    shards = backend.es.indices.segments(index=index_name)["indices"][index_name]["shards"]
    return sum(
        len(copy["segments"]) for copies in shards.values() for copy in copies if copy["routing"]["primary"]
    )


def test_update_index_merges_the_new_index_before_swapping_it_in(engine, indexes):
    with engine.publishing():
        for n in range(3):
            factories.site(indexes, title=f"Đình làng {n}", slug=f"dinh-{n}", identifier=f"QN-DT-000{n + 1}")
    backend = get_search_backend()
    alias = backend.get_index_for_model(SearchDocument)
    rebuilder = backend.atomic_rebuilder_class(alias)
    new_index = rebuilder.start()
    new_index.add_model(SearchDocument)  # the mapping, as update_index puts it
    for document in SearchDocument.objects.order_by("pk"):  # three writes, three segments
        new_index.add_items(SearchDocument, [document])
        new_index.refresh()
    assert segments(backend, new_index.name) == 3
    rebuilder.finish()
    assert segments(backend, new_index.name) == 1
    assert [index.name for index in alias.aliased_indices()] == [new_index.name]
    assert sorted(identifiers(run())) == ["QN-DT-0001", "QN-DT-0002", "QN-DT-0003"]
