"""gunicorn settings for heritage-web.service (the unit gives --bind; everything else is here).

Sync workers: each request holds one worker, so the number of workers is the number of requests
served at once; nginx buffers slow clients (uploads and downloads), so a worker is only busy while
Django works. WEB_CONCURRENCY (the environment file) overrides the default of 2 per core + 1.
"""

import multiprocessing
import os
import shutil
from pathlib import Path

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# A dynamic IIIF region of up to maxArea (16 megapixels) is cut in a few seconds; an upload of a
# 2 GiB master is hashed and stored before the answer. Beyond this a worker is stuck: restart it.
timeout = 300
graceful_timeout = 60
# libvips and Wagtail caches grow a worker's memory over time: replace each worker now and then
# (staggered, so they never all restart at once).
max_requests = 2000
max_requests_jitter = 200
# Logs go to the journal (stdout/stderr); the access log is nginx's.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind nginx on a Unix socket: trust its X-Forwarded-* headers.
forwarded_allow_ips = "*"
# The Unix socket: owner and group (nginx is in group heritage) only.
umask = 0o007
proc_name = "heritage-web"
# systemctl reload/stop manage the server; gunicorn's own control socket (in $HOME, which the
# heritage user may not write) is not needed.
control_socket_disable = True


def on_starting(server):
    """Empty the metrics folder before the first worker starts (counters of a previous run)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    """A worker that exits (reload, max_requests, crash) leaves its live gauges behind: drop them."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
