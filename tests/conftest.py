import subprocess
import time
from contextlib import contextmanager
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


@pytest.fixture(autouse=True)
def archive_root(settings, tmp_path):
    """Every test seals into its own OCFL storage root."""
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    return settings.ARCHIVE_ROOT


@pytest.fixture(autouse=True)
def sealed_rows_cleared_before_flush(request):
    """Transactional tests end with a flush that deletes every row; on SQLite the archive's
    triggers refuse to delete sealed rows and the audit trail, so lift them for the clean-up only."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up first, so torn down (flushed) after this
    yield
    from django.db import connection

    from restoration.archive import guards as db_guards

    if connection.vendor != "sqlite":
        return  # PostgreSQL flushes with TRUNCATE, which row triggers do not see
    _when_unlocked(lambda: db_guards.remove(connection))
    try:
        with connection.cursor() as cursor:
            # Rows that point at others first: registrations and observations at event images.
            tables = (
                "restoration_registration",
                *reversed(db_guards.CHILDREN),
                db_guards.CORRECTION,
                db_guards.AUDIT,
            )
            for table in (*tables, db_guards.EVENT):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    finally:
        db_guards.install(connection)


def _when_unlocked(change, seconds=10):
    """Run a schema change once no other connection holds the shared in-memory database: a browser
    test's live server may still be answering a request the page sent as it closed (such as the admin's
    editing-session ping), and SQLite then refuses it ("database table is locked")."""
    from django.db import OperationalError

    deadline = time.monotonic() + seconds
    while True:
        try:
            return change()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


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


ENGINE_SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "search-engine"


def search_engine(command, engine, *args, env=None, timeout=600):
    """Run ``bin/search-engine command engine *args`` (ports and work folders from the environment)."""
    return subprocess.run(
        ["bash", str(ENGINE_SCRIPT), command, engine, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@contextmanager
def running_engine(engine, *args, env=None):
    """The URLs (comma-separated) of real nodes on 127.0.0.1, started by bin/search-engine if not
    running, and stopped at the end if started here. The script fetches the engine from Maven
    Central once (checksums pinned, cached) and runs it as an unprivileged user."""
    was_running = search_engine("status", engine, *args, env=env).returncode == 0
    started = search_engine("start", engine, *args, env=env)
    assert started.returncode == 0, (
        f"{engine} did not start:\n{started.stdout[-3000:]}\n{started.stderr[-3000:]}"
    )
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        if not was_running:
            search_engine("stop", engine, *args, env=env, timeout=180)


@pytest.fixture(scope="session")
def opensearch_url():
    with running_engine("opensearch") as url:
        yield url


@pytest.fixture(scope="session")
def elasticsearch_url():
    with running_engine("elasticsearch") as url:
        yield url
