import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from catalogue.models import HomePage

from . import factories


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgres: database-sensitive; run again on PostgreSQL by bin/run-tests"
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads and renditions into its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def vi(db):
    return Locale.objects.get(language_code="vi")


@pytest.fixture
def en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def home(vi):
    return HomePage.objects.get(locale=vi)


@pytest.fixture
def indexes(home):
    return factories.make_indexes(home)


@pytest.fixture
def admin_user(db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
