import pytest

from .builders import build


@pytest.fixture
def exhibit(db, tmp_path, settings):
    settings.PUBLIC_BASE_URL = "http://testserver"
    return build(tmp_path)
