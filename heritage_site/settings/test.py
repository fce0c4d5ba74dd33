"""Test settings: fast hashing, in-memory email; the database comes from DATABASE_URL when given."""

import os

from .base import *  # noqa: F403
from .base import database_from_url

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///:memory:"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL makes no sense for the in-memory test database.
    DATABASES["default"]["OPTIONS"].pop("init_command")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tasks run at once, in the test's own process (tiling is exercised for real, synchronously).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test builds its own packs (tests/offline/test_manifest.py tests the cache on its own).
OFFLINE_PACK_CACHE_SECONDS = 0
