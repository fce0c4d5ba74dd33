"""The checks of ``manage.py check_deployment``: a deployed instance verified from the inside.

Each check returns (ok_line, problems): one line saying what was found when all is well, and one
clear line per problem otherwise, naming what to do. Output is for operators and stays in English
(as Django's own ``check`` output does); the site's visitors and curators never see it.
"""

import os
import tempfile
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from wagtail.search.index import get_indexed_models

from . import state

MAX_CLOCK_SKEW_SECONDS = 5


def check_migrations():
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:10])
        more = f" and {len(plan) - 10} more" if len(plan) > 10 else ""
        return None, [f"{len(plan)} migrations not applied ({names}{more}): run manage.py migrate"]
    return f"all migrations applied ({connection.vendor})", []


def check_search_mappings():
    backend = state.engine_backend()
    if backend is None:
        return "database backend (SEARCH_URL unset), no engine mappings needed", []
    if state.engine_status(backend) not in ("green", "yellow"):
        return None, ["search engine does not answer (SEARCH_URL): start it or fix the URL"]
    problems, checked = [], set()
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        if index is None or index.name in checked:
            continue
        checked.add(index.name)
        if not index.exists():
            problems.append(f"search index {index.name} does not exist: run manage.py update_index")
            continue
        expected = backend.mapping_class(model).get_mapping().get("properties", {})
        actual = {}
        for body in backend.es.indices.get_mapping(index=index.name).values():
            actual.update(body.get("mappings", {}).get("properties", {}))
        missing = sorted(set(expected) - set(actual))
        if missing:
            problems.append(
                f"search index {index.name} lacks the mappings of {', '.join(missing[:5])}"
                f"{' …' if len(missing) > 5 else ''}: run manage.py update_index"
            )
    return f"search engine indexes present with their mappings ({len(checked)} indexes)", problems


def check_workers():
    if not state.uses_task_queue():
        return "tasks run in the requesting process (no task workers needed)", []
    workers = state.live_workers()
    if not workers:
        seconds = state.stale_after().total_seconds()
        return None, [
            f"no task worker alive (none reported in the last {seconds:.0f} s): "
            "systemctl start heritage-worker@1 (see docs/DEPLOYMENT.md)"
        ]
    hosts = ", ".join(sorted({f"{w.hostname}:{w.pid}" for w in workers}))
    return f"{len(workers)} task workers alive ({hosts})", []


def _device(path):
    return state.existing(path).stat().st_dev


def check_archive_filesystem():
    root = Path(settings.ARCHIVE_ROOT)
    workspace = Path(f"{root}.workspace")
    if _device(root) != _device(workspace):
        return None, [
            f"the archive workspace {workspace} is on another filesystem than the archive {root}: "
            "versions are installed by rename, which only works within one filesystem"
        ]
    media_iiif = Path(settings.MEDIA_ROOT) / "iiif"
    if _device(media_iiif) != _device(media_iiif / ".staging"):
        return None, [f"{media_iiif}/.staging must be on the same filesystem as {media_iiif}"]
    return "archive workspace and tiling staging on the same filesystem as what they publish into", []


def _writable(folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".check-deployment-") as handle:
        handle.write(b"ok")
        handle.flush()
        os.fsync(handle.fileno())


def check_writable():
    problems = []
    for name, folder in (
        ("MEDIA_ROOT", settings.MEDIA_ROOT),
        ("MEDIA_ROOT/iiif", Path(settings.MEDIA_ROOT) / "iiif"),
        ("ARCHIVE_ROOT", settings.ARCHIVE_ROOT),
    ):
        try:
            _writable(folder)
        except OSError as error:
            problems.append(f"{name} ({folder}) is not writable by this user: {error.strerror or error}")
    return "media and archive folders writable", problems


def check_clock():
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return f"no separate database server to compare with ({connection.vendor})", []
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        database_now = cursor.fetchone()[0]
    skew = (datetime.now(UTC) - database_now).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW_SECONDS:
        return None, [
            f"this machine's clock is {skew:+.1f} s off the database server's: enable time "
            "synchronisation (systemd-timesyncd or chrony) on both; heartbeats, queue ages and "
            "audit times depend on it"
        ]
    return f"clock within {abs(skew):.2f} s of the database server's", []


def check_static():
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" in backend and not manifest.exists():
        return None, [f"static files not collected into {settings.STATIC_ROOT}: run manage.py collectstatic"]
    return f"static files collected in {settings.STATIC_ROOT}", []


def check_django_deploy():
    out = StringIO()
    try:
        call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=out)
    except SystemCheckError as error:
        lines = [line.strip() for line in str(error).splitlines()]
        found = [line for line in lines if line.startswith(("?:", "(")) or ": (" in line]
        return None, [f"check --deploy: {line}" for line in found] or [f"check --deploy: {error}"]
    return "manage.py check --deploy: no issues", []


CHECKS = (
    ("migrations", check_migrations),
    ("search", check_search_mappings),
    ("workers", check_workers),
    ("filesystems", check_archive_filesystem),
    ("writable", check_writable),
    ("clock", check_clock),
    ("static", check_static),
    ("django", check_django_deploy),
)


def run_checks():
    """Yield (name, ok_line, problems) for every check; an exception is a problem, not a crash."""
    for name, check in CHECKS:
        try:
            ok_line, problems = check()
        except DatabaseError as error:
            ok_line, problems = None, [f"database error: {error}".strip()]
        except OSError as error:
            ok_line, problems = None, [f"{error}"]
        yield name, ok_line, problems
