import pytest
from django.core.cache import caches

from tests.visitors.conftest import places, visiting, walk  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def fresh_caches():
    """Wagtail keeps renditions (and the map its GeoJSON) in the cache, keyed by ids that a
    flushed database gives out again: a pack must not list another test's files."""
    for cache in caches.all():
        cache.clear()
