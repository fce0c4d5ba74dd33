import subprocess
from pathlib import Path

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


@pytest.fixture(scope="session")
def opensearch_url():
    """A real OpenSearch node on 127.0.0.1 (search/engine/opensearch.sh), started if not running.

    The script fetches OpenSearch from Maven Central once (cached) and runs it as an unprivileged
    user; a node this session started is stopped at the end.
    """
    script = Path(__file__).resolve().parent.parent / "search" / "engine" / "opensearch.sh"
    was_running = subprocess.run(["bash", str(script), "status"], capture_output=True).returncode == 0
    started = subprocess.run(["bash", str(script), "start"], capture_output=True, text=True, timeout=600)
    assert started.returncode == 0, (
        f"OpenSearch did not start:\n{started.stdout[-3000:]}\n{started.stderr[-3000:]}"
    )
    url = subprocess.run(["bash", str(script), "url"], capture_output=True, text=True).stdout.strip()
    yield url
    if not was_running:
        subprocess.run(["bash", str(script), "stop"], capture_output=True, timeout=120)
