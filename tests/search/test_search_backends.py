"""SEARCH_URL selects the search backend: the database by default, a real OpenSearch or Elasticsearch
node (or cluster) otherwise."""

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends import get_search_backend

from catalogue.models import SitePage
from heritage_site.settings.base import search_backends
from tests import factories

from .conftest import ENGINES, search_url

OPENSEARCH = "search.backends.engines.OpenSearchBackend"
ELASTICSEARCH = "search.backends.engines.ElasticsearchBackend"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "backend", "hosts"),
    [
        ("", "wagtail.search.backends.database", None),
        ("opensearch://127.0.0.1:9250", OPENSEARCH, ["http://127.0.0.1:9250"]),
        (
            "https://search:s3cret@search.example.org:443/qn",
            OPENSEARCH,
            ["https://search:s3cret@search.example.org:443"],
        ),
        ("http://search.internal", OPENSEARCH, ["http://search.internal:9200"]),
        ("elasticsearch://127.0.0.1:9200/qn", ELASTICSEARCH, ["http://127.0.0.1:9200"]),
        (
            "elasticsearch+https://heritage:p%40ss@es.example.org:9243/qn",
            ELASTICSEARCH,
            ["https://heritage:p%40ss@es.example.org:9243"],
        ),
        ("opensearch+https://os.example.org", OPENSEARCH, ["https://os.example.org:9200"]),
        (
            "elasticsearch://10.0.0.1:9200,10.0.0.2:9200,es3/qn",
            ELASTICSEARCH,
            ["http://10.0.0.1:9200", "http://10.0.0.2:9200", "http://es3:9200"],
        ),
    ],
)
def test_search_url_selects_the_backend(url, backend, hosts):
    config = search_backends(url)["default"]
    assert config["BACKEND"] == backend
    assert config.get("HOSTS") == hosts


def test_the_index_name_comes_from_the_path():
    assert search_backends("elasticsearch://es:9200/quang_nam")["default"]["INDEX_PREFIX"] == "quang_nam_"
    assert search_backends("opensearch://os:9200")["default"]["INDEX_PREFIX"] == "heritage_"


@pytest.mark.parametrize(
    "url",
    [
        "elastic://x",
        "ftp://host",
        "opensearch://",
        "localhost:9200",
        "elasticsearchhttps://x:9200",
        "elasticsearch://a:9200,:9201",
        "elasticsearch://a:port",
        "elasticsearch://a:9200/two/levels",
    ],
)
def test_a_malformed_search_url_is_refused_at_start(url):
    with pytest.raises(ImproperlyConfigured):
        search_backends(url)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_records_are_indexed_in_and_found_on_a_real_node(engine_name, indexes, settings, request):
    urls = request.getfixturevalue(f"{engine_name}_url")
    index = f"test_{uuid.uuid4().hex[:8]}"
    settings.WAGTAILSEARCH_BACKENDS = search_backends(search_url(engine_name, urls, index))
    backend = get_search_backend()
    assert backend.engine == engine_name
    index = backend.get_index_for_model(SitePage)
    index.reset()  # create the index with its mappings before anything is saved into it
    index.add_model(SitePage)
    try:
        # Publishing indexes the page through Wagtail's signal handlers, as in the running site.
        hoi_an = factories.site(indexes, title="Phố cổ Hội An", slug="hoi-an", former_district="hoi-an")
        factories.site(indexes, title="Khu đền tháp Mỹ Sơn", slug="my-son")
        index.refresh()
        assert [page.pk for page in backend.search("Hội An", SitePage)] == [hoi_an.pk]
        assert [page.title for page in backend.search("Mỹ Sơn", SitePage)] == ["Khu đền tháp Mỹ Sơn"]
    finally:
        index.delete()
