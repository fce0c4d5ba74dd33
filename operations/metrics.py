"""The archive's own Prometheus gauges, computed from the database when /metrics is scraped.

Counting rows at scrape time (instead of keeping gauges up to date in every process) gives the same
answer whichever gunicorn worker is asked, needs no shared state between processes and cannot drift
from the database. django-prometheus supplies the request, response and latency metrics beside them.
"""

import logging

from django.db import DatabaseError
from prometheus_client.core import GaugeMetricFamily

from . import state

logger = logging.getLogger(__name__)


def _gauge(name, documentation, value=None, labels=()):
    family = GaugeMetricFamily(name, documentation, labels=list(labels) or None)
    if value is not None:
        family.add_metric([], value)
    return family


class ArchiveCollector:
    def collect(self):
        yield from self._disk()
        try:
            yield from self._database()
        except DatabaseError:
            logger.warning("metrics: database unavailable", exc_info=True)
            yield _gauge("heritage_database_up", "1 if the database answered this scrape", 0)
            return
        yield _gauge("heritage_database_up", "1 if the database answered this scrape", 1)
        yield from self._search()

    def _disk(self):
        family = _gauge(
            "heritage_disk_free_bytes", "Free bytes on the disk of each archive folder", labels=["volume"]
        )
        for name, path in state.volumes().items():
            try:
                family.add_metric([name], state.free_bytes(path))
            except OSError:
                logger.warning("metrics: cannot read free space of %s", path)
        yield family

    def _database(self):
        tiling = _gauge(
            "heritage_images_tiling",
            "Master images by deep-zoom tiling status (pending, processing, ready, failed)",
            labels=["status"],
        )
        for status, count in state.tiling_counts().items():
            tiling.add_metric([status], count)
        # Computed first so that a database error surfaces before anything is yielded.
        waiting, age = state.queue_state()
        tasks = state.task_counts()
        workers = len(state.live_workers())
        last_run, problems, _ = state.fixity_state()
        yield tiling
        yield _gauge("heritage_task_queue_waiting", "Tasks ready to run and not yet started", waiting)
        yield _gauge(
            "heritage_task_queue_oldest_age_seconds",
            "How long the oldest task ready to run has waited (0 when none waits)",
            age,
        )
        family = _gauge("heritage_tasks", "Task results kept in the queue table by status", labels=["status"])
        for status, count in sorted(tasks.items()):
            family.add_metric([status], count)
        yield family
        yield _gauge("heritage_task_workers_alive", "Task workers whose heartbeat is recent", workers)
        yield _gauge(
            "heritage_fixity_problem_records",
            "Records whose latest fixity check found changed, missing or unexpected files",
            problems,
        )
        yield _gauge(
            "heritage_fixity_last_run_timestamp_seconds",
            "Unix time of the latest fixity check (0: never)",
            last_run.timestamp() if last_run else 0,
        )

    def _search(self):
        backend = state.engine_backend()
        configured = backend is not None
        up = configured and state.engine_status(backend) in ("green", "yellow")
        yield _gauge("heritage_search_engine_configured", "1 if SEARCH_URL names a search engine", configured)
        yield _gauge(
            "heritage_search_degraded",
            "1 if the engine is configured but down, so searches are answered from the database",
            int(configured and not up),
        )
