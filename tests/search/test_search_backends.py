"""SEARCH_URL selects the search backend: the database by default, a real OpenSearch node otherwise."""

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends import get_search_backend

from catalogue.models import SitePage
from heritage_site.settings.base import search_backends
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "backend", "hosts"),
    [
        ("", "wagtail.search.backends.database", None),
        ("opensearch://127.0.0.1:9250", "wagtail.search.backends.opensearch2", ["http://127.0.0.1:9250"]),
        (
            "https://search:s3cret@search.example.org:443/qn",
            "wagtail.search.backends.opensearch2",
            ["https://search:s3cret@search.example.org:443"],
        ),
        ("http://search.internal", "wagtail.search.backends.opensearch2", ["http://search.internal:9200"]),
    ],
)
def test_search_url_selects_the_backend(url, backend, hosts):
    config = search_backends(url)["default"]
    assert config["BACKEND"] == backend
    assert config.get("HOSTS") == hosts


@pytest.mark.parametrize("url", ["elastic://x", "ftp://host", "opensearch://", "localhost:9200"])
def test_a_malformed_search_url_is_refused_at_start(url):
    with pytest.raises(ImproperlyConfigured):
        search_backends(url)


def test_records_are_indexed_in_and_found_on_a_real_opensearch_node(opensearch_url, indexes, settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(f"{opensearch_url}/test_{uuid.uuid4().hex[:8]}")
    backend = get_search_backend()
    assert type(backend).__module__.startswith("modelsearch.backends.opensearch")
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
