"""The archive's operational state, read from the database, the disks and the search engine.

Shared by /readyz, the Prometheus collector and ``check_deployment``; every function is a cheap,
bounded query (a count, a min, a ping with a short timeout), safe to call on every probe.
"""

import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from wagtail.search.backends import get_search_backend

from images.models import HeritageImage, TilingStatus
from restoration.models import AuditAction, AuditEntry, AuditOutcome

from .models import WorkerHeartbeat

ENGINE_PING_SECONDS = 2


# --- task queue and workers ----------------------------------------------------------------------


def uses_task_queue():
    """True when tasks go through the database queue (production), not run at once (tests, dev)."""
    return isinstance(task_backends["default"], DatabaseBackend)


def queue_state(now=None):
    """(waiting, oldest_age_seconds): tasks ready to run now, and how long the oldest has waited."""
    now = now or timezone.now()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.aggregate(oldest=Min("enqueued_at"))["oldest"]
    count = waiting.count()
    if oldest is None:
        return count, 0.0
    # A task scheduled for later has waited only since it became due.
    due = waiting.filter(enqueued_at=oldest).aggregate(due=Max("run_after"))["due"]
    since = max(oldest, due) if due and due <= now else oldest
    return count, max(0.0, (now - since).total_seconds())


def task_counts():
    """{status: count} of every task result kept in the queue table."""
    rows = DBTaskResult.objects.values("status").order_by().annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def stale_after():
    return timedelta(seconds=3 * settings.WORKER_HEARTBEAT_SECONDS)


def live_workers(now=None):
    now = now or timezone.now()
    return list(WorkerHeartbeat.objects.filter(seen_at__gte=now - stale_after()).order_by("hostname", "pid"))


# --- images -------------------------------------------------------------------------------------


def tiling_counts():
    counts = dict.fromkeys(TilingStatus.values, 0)
    for row in HeritageImage.objects.values("tiling_status").order_by().annotate(n=Count("pk")):
        counts[row["tiling_status"]] = row["n"]
    return counts


# --- fixity ---------------------------------------------------------------------------------------


def fixity_state():
    """(last_run, problem_records, oldest_master): when the fixity check last ran, how many records
    its latest results found changed, missing or unexpected files in, and the oldest stored master
    (a check is only owed once there is something to check)."""
    checks = AuditEntry.objects.filter(action=AuditAction.FIXITY_CHECK)
    last_run = checks.aggregate(last=Max("at"))["last"]
    latest = checks.values("record_identifier").order_by().annotate(last=Max("pk")).values("last")
    problems = AuditEntry.objects.filter(pk__in=latest, outcome=AuditOutcome.MISMATCH).count()
    oldest_master = HeritageImage.objects.exclude(sha256="").aggregate(first=Min("created_at"))["first"]
    return last_run, problems, oldest_master


def fixity_overdue(last_run, oldest_master, now=None):
    now = now or timezone.now()
    limit = timedelta(hours=settings.HEALTH_FIXITY_MAX_AGE_HOURS)
    owed_since = last_run or oldest_master
    return owed_since is not None and now - owed_since > limit


# --- disks ----------------------------------------------------------------------------------------


def volumes():
    """{name: folder} of the places the archive writes to."""
    return {"media": Path(settings.MEDIA_ROOT), "archive": Path(settings.ARCHIVE_ROOT)}


def existing(path):
    """``path`` or its nearest existing parent (a folder not created yet lives on its parent's disk)."""
    path = Path(path).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_bytes(path):
    return shutil.disk_usage(existing(path)).free


# --- search engine --------------------------------------------------------------------------------


def engine_backend():
    """The OpenSearch backend when SEARCH_URL is set, else None (the database backend answers)."""
    backend = get_search_backend("default")
    return backend if isinstance(backend, ElasticsearchBaseSearchBackend) else None


def engine_status(backend):
    """The cluster's health colour ("green", "yellow", "red"), or None when it does not answer."""
    try:
        health = backend.es.cluster.health(request_timeout=ENGINE_PING_SECONDS)
    except Exception:
        return None
    return health.get("status")
