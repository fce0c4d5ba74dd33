"""The task worker's heartbeat: a thread that keeps the worker's WorkerHeartbeat row fresh."""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    def __init__(self, worker_id, queues):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.queues = queues[:255]
        self.started_at = timezone.now()
        self._stopped = threading.Event()

    def beat(self):
        from .models import WorkerHeartbeat

        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "queues": self.queues,
                "started_at": self.started_at,
                "seen_at": timezone.now(),
            },
        )

    def start(self):
        """The first beat before the worker takes a task, so it counts as alive from the start."""
        try:
            self.beat()
        except DatabaseError:
            logger.warning("task worker heartbeat could not be written", exc_info=True)
        super().start()

    def run(self):
        try:
            while not self._stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
                try:
                    self.beat()
                except DatabaseError:
                    # The worker itself notices a lost database; the heartbeat just tries again.
                    logger.warning("task worker heartbeat could not be written", exc_info=True)
                    connection.close()
        finally:
            connection.close()

    def stop(self):
        """Stop beating and remove the row, so a cleanly stopped worker is not counted as alive."""
        from .models import WorkerHeartbeat

        self._stopped.set()
        self.join(timeout=5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("task worker heartbeat could not be removed", exc_info=True)
