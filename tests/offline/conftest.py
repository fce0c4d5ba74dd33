from tests.visitors.conftest import places, visiting, walk  # noqa: F401 - fixtures
