"""manage.py check_deployment, and the environment template against what the settings read."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from operations import deployment

from .test_health import beat

ROOT = Path(__file__).resolve().parents[2]


def run(capsys):
    try:
        call_command("check_deployment")
    except CommandError as error:
        out = capsys.readouterr().out
        return out, str(error)
    return capsys.readouterr().out, None


@pytest.mark.django_db
def test_a_problem_per_line_and_exit_status(capsys, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STATIC_ROOT = tmp_path / "static"  # nothing collected there
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.ARCHIVE_ROOT = blocker / "archive"  # cannot be created: a file is in the way
    out, error = run(capsys)
    lines = out.splitlines()
    assert "ok      migrations: all migrations applied (sqlite)" in lines
    assert any(
        line.startswith("PROBLEM workers: no task worker alive (none reported in the last 30 s)")
        for line in lines
    )
    assert any(
        line.startswith(f"PROBLEM writable: ARCHIVE_ROOT ({blocker / 'archive'}) is not writable")
        for line in lines
    )
    assert (
        f"PROBLEM static: static files not collected into {tmp_path / 'static'}: run manage.py collectstatic"
        in lines
    )
    # The test settings are not production ones: Django's deployment checks say so, one line each.
    django_lines = [line for line in lines if line.startswith("PROBLEM django: check --deploy: ")]
    assert any("security.W" in line for line in django_lines), out
    assert error.endswith("problems found (see above).")
    assert int(error.split()[0]) == sum(line.startswith("PROBLEM") for line in lines)


@pytest.mark.django_db
def test_workers_alive_are_named(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    beat("web1-1")
    ok_line, problems = deployment.check_workers()
    assert problems == [] and ok_line == "1 task workers alive (web1:123)"


@pytest.mark.django_db
def test_unapplied_migrations_are_named(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    real = MigrationExecutor.migration_plan

    def plan(self, targets, clean_start=False):
        loader_graph = self.loader.graph
        node = loader_graph.leaf_nodes("operations")[0]
        return [(self.loader.get_migration(*node), False)]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan)
    _, problems = deployment.check_migrations()
    monkeypatch.setattr(MigrationExecutor, "migration_plan", real)
    assert problems == ["1 migrations not applied (operations.0001_initial): run manage.py migrate"]


def test_archive_workspace_on_another_filesystem_is_a_problem(settings, tmp_path, monkeypatch):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    devices = {str(tmp_path / "archive"): 1, str(tmp_path / "archive.workspace"): 2}
    monkeypatch.setattr(deployment, "_device", lambda path: devices.get(str(path), 1))
    _, problems = deployment.check_archive_filesystem()
    assert problems and "on another filesystem than the archive" in problems[0]


def test_the_environment_template_documents_every_variable_the_settings_read():
    read = set()
    for module in (ROOT / "heritage_site" / "settings").glob("*.py"):
        read |= set(re.findall(r'os\.environ(?:\.get)?[\[(]\s*"([A-Z][A-Z0-9_]+)"', module.read_text()))
    production = (ROOT / "heritage_site" / "settings" / "production.py").read_text()
    read |= set(re.findall(r'"([A-Z][A-Z0-9_]+)",?\n', production.split("REQUIRED_ENV = (")[1].split(")")[0]))
    template = (ROOT / "deploy" / "heritage.env.example").read_text()
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", template, re.MULTILINE))
    assert read - documented == set(), "add these to deploy/heritage.env.example (and docs/DEPLOYMENT.md)"
    # Required ones are active lines the operator must fill in, not commented defaults.
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "PUBLIC_BASE_URL",
        "DATABASE_URL",
        "MEDIA_ROOT",
        "ARCHIVE_ROOT",
    ):
        assert re.search(rf"^# REQUIRED\..*\n(#.*\n)*{name}=", template, re.MULTILINE), name
