"""``manage.py db_worker``: django-tasks' database worker, with a heartbeat.

Same options and behaviour as django_tasks_db's command (this app comes first in INSTALLED_APPS, so
its command of the same name wins); while it runs, a row in operations.WorkerHeartbeat says so, which
/readyz, the metrics and ``check_deployment`` read to tell whether any worker is alive.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from operations.heartbeat import Heartbeat


class Command(DatabaseWorkerCommand):
    help = DatabaseWorkerCommand.help + " (with a heartbeat for health checks)"

    def handle(self, *args, **options):
        heartbeat = Heartbeat(options["worker_id"], options["queue_name"])
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
