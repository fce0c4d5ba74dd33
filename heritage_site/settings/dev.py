"""Local development: every production variable is read, each with a safe local default."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, database_from_url

DEBUG = True
DATA_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-quang-nam-heritage")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"))
}
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
