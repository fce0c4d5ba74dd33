"""What the operations app stores: one heartbeat row per running task worker."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running ``manage.py db_worker``: written every few seconds, deleted when it stops cleanly.

    django-tasks' database worker leaves no trace of itself while the queue is empty, so without
    this row a stopped worker is only noticed once uploads stay untiled.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    queues = models.CharField(_("queues"), max_length=255)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker heartbeat")
        verbose_name_plural = _("task worker heartbeats")

    def __str__(self):
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
