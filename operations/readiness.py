"""/readyz: every dependency of a serving archive, each checked cheaply, as one JSON document.

Each check has a status — ``ok``, ``degraded`` (still serving, with less: search answered from the
database while the engine is down) or ``fail`` — and a scope: ``local`` for what belongs to this
machine (its database connection, its disks) and ``shared`` for what every machine of the archive
depends on alike (engine, queue, workers, fixity). A load balancer choosing among several app
machines asks for the local scope only, so a shared outage does not take every machine out.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from search.models import SearchDocument

from . import state

logger = logging.getLogger(__name__)

OK, DEGRADED, FAIL = "ok", "degraded", "fail"
LOCAL, SHARED = "local", "shared"
ORDER = {OK: 0, DEGRADED: 1, FAIL: 2}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": OK, "vendor": connection.vendor}


def check_search():
    backend = state.engine_backend()
    if backend is None:
        return {"status": OK, "backend": "database"}
    colour = state.engine_status(backend)
    if colour in ("green", "yellow"):
        return {"status": OK, "backend": "engine", "cluster": colour}
    # The database backend is kept up to date beside the engine and answers while it is down.
    SearchDocument.objects.exists()
    return {
        "status": DEGRADED,
        "backend": "database fallback",
        "cluster": colour or "unreachable",
        "message": "search engine unavailable; searches are answered from the database",
    }


def check_queue():
    if not state.uses_task_queue():
        return {"status": OK, "queue": "tasks run in the requesting process"}
    waiting, age = state.queue_state()
    result = {"status": OK, "waiting": waiting, "oldest_age_seconds": round(age, 1)}
    if age > settings.HEALTH_QUEUE_MAX_AGE:
        result.update(
            status=FAIL,
            message=f"the oldest task has waited {age:.0f} s (limit {settings.HEALTH_QUEUE_MAX_AGE} s)",
        )
    return result


def check_workers():
    if not state.uses_task_queue():
        return {"status": OK, "workers": "not used"}
    workers = state.live_workers()
    result = {
        "status": OK if workers else FAIL,
        "alive": len(workers),
        "hosts": sorted({worker.hostname for worker in workers}),
    }
    if not workers:
        seconds = state.stale_after().total_seconds()
        result["message"] = f"no task worker has reported in the last {seconds:.0f} s"
    return result


def check_disk():
    minimum = settings.HEALTH_MIN_FREE_DISK_MB * 1024**2
    volumes = {name: state.free_bytes(path) for name, path in state.volumes().items()}
    low = sorted(name for name, free in volumes.items() if free < minimum)
    result = {
        "status": FAIL if low else OK,
        "free_bytes": volumes,
        "minimum_bytes": minimum,
    }
    if low:
        result["message"] = f"less than {settings.HEALTH_MIN_FREE_DISK_MB} MB free on {', '.join(low)}"
    return result


def check_fixity():
    last_run, problems, oldest_master = state.fixity_state()
    result = {
        "status": OK,
        "last_run": last_run.isoformat() if last_run else None,
        "problem_records": problems,
    }
    messages = []
    if problems:
        messages.append(f"{problems} records with changed, missing or unexpected files")
    if state.fixity_overdue(last_run, oldest_master):
        messages.append(f"no fixity check in the last {settings.HEALTH_FIXITY_MAX_AGE_HOURS} hours")
    if messages:
        result.update(status=FAIL, message="; ".join(messages))
    return result


CHECKS = (
    ("database", LOCAL, check_database),
    ("disk", LOCAL, check_disk),
    ("search", SHARED, check_search),
    ("queue", SHARED, check_queue),
    ("workers", SHARED, check_workers),
    ("fixity", SHARED, check_fixity),
)


def readiness(scope=None):
    """(overall status, {check: result}); checks outside ``scope`` are reported but not counted."""
    results = {}
    database_up = True
    for name, check_scope, check in CHECKS:
        if not database_up and name != "disk":
            results[name] = {"status": FAIL, "scope": check_scope, "message": "database unavailable"}
            continue
        try:
            result = check()
        except DatabaseError as error:
            logger.warning("readiness check %s: database error", name, exc_info=True)
            result = {"status": FAIL, "message": f"database error: {error}".strip()[:300]}
            if name == "database":
                database_up = False
        except OSError as error:
            result = {"status": FAIL, "message": str(error)[:300]}
        result["scope"] = check_scope
        results[name] = result
    counted = [r["status"] for r in results.values() if scope is None or r["scope"] == scope]
    overall = max(counted, key=ORDER.__getitem__, default=OK)
    return overall, results


def document(scope=None):
    overall, results = readiness(scope)
    return {
        "status": overall,
        "scope": scope or "all",
        "time": timezone.now().isoformat(),
        "checks": results,
    }
