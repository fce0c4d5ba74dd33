"""With the OpenSearch node stopped in the middle of a test, pages work, search answers from the
database backend (marked degraded), and publishing succeeds with the indexing error logged."""

import logging
import subprocess
from pathlib import Path

import pytest

from search import service
from tests import factories

from .conftest import Backend, drop_indices, use_opensearch

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "search" / "engine" / "opensearch.sh"


def engine(command):
    return subprocess.run(["bash", str(SCRIPT), command], capture_output=True, text=True, timeout=600)


def test_search_survives_the_engine_going_down(client, settings, opensearch_url, indexes, caplog):
    prefix = use_opensearch(settings, opensearch_url)
    backend = Backend("opensearch")
    service.reset_engine_state()
    try:
        with backend.publishing():
            hoi_an = factories.site(indexes, title="Phố cổ Hội An", slug="hoi-an", identifier="QN-DT-0001")
        assert client.get("/api/search", {"q": "hoi an"}).json()["degraded"] is False

        assert engine("stop").returncode == 0
        assert engine("status").returncode != 0

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
        with caplog.at_level(logging.ERROR), backend.publishing_without_refresh():
            my_son = factories.site(
                indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son", identifier="QN-DT-0002"
            )
        assert my_son.live
        assert any("search backend" in record.getMessage() for record in caplog.records)
        # The database backend was kept up to date beside the engine: the new record is found.
        data = client.get("/api/search", {"q": "my son"}).json()
        assert [item["identifier"] for item in data["results"]] == ["QN-DT-0002"]
    finally:
        assert engine("start").returncode == 0
        service.reset_engine_state()
        drop_indices(prefix)


def test_an_engine_that_refuses_our_query_is_a_bug_not_an_outage(settings, opensearch_url, monkeypatch):
    from opensearchpy.exceptions import ConnectionTimeout, RequestError
    from wagtail.search.backends import get_search_backend

    from search.backends.base import EngineUnavailable
    from search.backends.engine import EngineFacetedSearch
    from search.params import parse_search_params
    from search.views import FACET_NAMES

    from .test_search import Params

    prefix = use_opensearch(settings, opensearch_url)
    try:
        search = EngineFacetedSearch(get_search_backend())
        params = parse_search_params(Params(q="hoi an"), FACET_NAMES)

        def refuse(**kwargs):
            raise RequestError(400, "parsing_exception", {})

        monkeypatch.setattr(search.backend.es, "search", refuse)
        with pytest.raises(RequestError):
            search.search(params)

        def time_out(**kwargs):
            raise ConnectionTimeout("TIMEOUT", "read timed out", None)

        monkeypatch.setattr(search.backend.es, "search", time_out)
        with pytest.raises(EngineUnavailable):
            search.search(params)
    finally:
        drop_indices(prefix)
