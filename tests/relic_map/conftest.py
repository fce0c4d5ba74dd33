import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_map_cache():
    """Map documents are cached by a digest of the data; a rolled-back test may leave ids behind."""
    cache.clear()
    yield
    cache.clear()
