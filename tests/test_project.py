"""Project-level checks: settings split, production fail-fast, deploy check, migrations, lint, messages."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://heritage:secret@db.example.org/heritage",
    "SECRET_KEY": "x" * 64 + "-not-a-real-secret-but-long-and-random-enough-0123456789",
    "ALLOWED_HOSTS": "heritage.example.org",
    "MEDIA_ROOT": "/srv/heritage/media",
    "PUBLIC_BASE_URL": "https://heritage.example.org",
    "ARCHIVE_ROOT": "/srv/heritage/archive",
}


def manage(*args, env=None):
    # A clean environment: nothing the test run itself set (settings module, async-unsafe flag).
    unwanted = {*PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unwanted}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_required_variables(missing):
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "heritage_site.settings.production"}
    del env[missing]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Missing required environment variables: {missing}" in result.stderr


def test_production_passes_the_deploy_check_with_no_warnings():
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "heritage_site.settings.production"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dev_settings_follow_environment_variables(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "heritage_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        "MEDIA_ROOT": str(tmp_path / "m"),
        "DATA_DIR": str(tmp_path / "var"),
    }
    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'], s.MEDIA_ROOT)"
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.split()[-2:] == [f"{tmp_path}/x.db", str(tmp_path / "m")], result.stderr


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_ruff_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_vietnamese_messages_are_complete_and_compiled():
    po = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/django.po"))
    assert po.percent_translated() == 100
    assert not [e for e in po if "fuzzy" in e.flags]
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(ROOT / "locale/vi/LC_MESSAGES/django.mo"))}
    stale = [e.msgid for e in po if e.msgid_plural == "" and mo.get((e.msgctxt, e.msgid)) != e.msgstr]
    assert not stale, f"django.mo is older than django.po; run compilemessages: {stale[:3]}"


def test_every_translatable_string_has_a_vietnamese_translation(tmp_path):
    """Run makemessages on a copy of the project: it must find no string without a translation."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".tools",
            "media",
            "var",
            ".git",
            "tests",
            "node_modules",
            "frontend",
            "benchmarks",
            "*.pyc",
            "static_collected",
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "heritage_site.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert not missing, f"strings without a Vietnamese translation: {missing[:10]}"
