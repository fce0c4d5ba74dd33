"""With the engine's node stopped in the middle of a test, pages work, search answers from the
database backend (marked degraded), and publishing succeeds with the indexing error logged."""

import logging

import pytest

from search.backends import engine as engine_module
from tests import factories
from tests.conftest import search_engine

pytestmark = pytest.mark.django_db


def test_search_survives_the_engine_going_down(client, engine, indexes, caplog):
    try:
        with engine.publishing():
            hoi_an = factories.site(indexes, title="Phố cổ Hội An", slug="hoi-an", identifier="QN-DT-0001")
        assert client.get("/api/search", {"q": "hoi an"}).json()["degraded"] is False

        assert search_engine("stop", engine.name).returncode == 0
        assert search_engine("status", engine.name).returncode != 0

        assert client.get(hoi_an.url).status_code == 200
        page = client.get("/vi/tim-kiem/", {"q": "hoi an"})
        assert page.status_code == 200
        assert "Phố cổ Hội An" in page.content.decode()
        assert "chế độ hạn chế" in page.content.decode()  # says search is degraded
        response = client.get("/api/search", {"q": "hoi an"})
        assert response["Cache-Control"] == "no-cache"  # not kept by caches after the outage
        data = response.json()
        assert data["degraded"] is True
        assert [item["identifier"] for item in data["results"]] == ["QN-DT-0001"]
        suggestions = client.get("/api/search/suggest", {"q": "hoi"}).json()
        assert suggestions["degraded"] is True and suggestions["suggestions"][0]["identifier"] == "QN-DT-0001"

        caplog.clear()
        with caplog.at_level(logging.ERROR), engine.publishing_without_refresh():
            my_son = factories.site(
                indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son", identifier="QN-DT-0002"
            )
        assert my_son.live
        assert any("search backend" in record.getMessage() for record in caplog.records)
        # The database backend was kept up to date beside the engine: the new record is found.
        data = client.get("/api/search", {"q": "my son"}).json()
        assert [item["identifier"] for item in data["results"]] == ["QN-DT-0002"]
    finally:
        started = search_engine("start", engine.name)
        assert started.returncode == 0, started.stderr


def test_an_engine_that_refuses_our_query_is_a_bug_not_an_outage(engine, monkeypatch):
    from wagtail.search.backends import get_search_backend

    from search.backends.base import EngineUnavailable
    from search.backends.engine import EngineFacetedSearch, EngineQueryError
    from search.backends.engines import transport_errors
    from search.params import parse_search_params
    from search.views import FACET_NAMES

    from .test_search import Params

    search = EngineFacetedSearch(get_search_backend())
    params = parse_search_params(Params(q="hoi an"), FACET_NAMES)
    assert search.search(params).total == 0

    # A query the engine itself refuses (400): raised, not answered from the database. (OpenSearch
    # refuses the whole msearch, Elasticsearch the one search in it.)
    monkeypatch.setattr(EngineFacetedSearch, "_sort", lambda self, params: [{"pk": {"order": "sideways"}}])
    with pytest.raises((EngineQueryError, *transport_errors())) as refused:
        search.search(params)
    assert refused.value.status_code == 400
    monkeypatch.undo()

    # A node too slow to answer in time: an outage, answered from the database by the caller.
    monkeypatch.setattr(engine_module, "QUERY_TIMEOUT_SECONDS", 0.0001)
    with pytest.raises(EngineUnavailable):
        search.search(params)
