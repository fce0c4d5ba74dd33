"""The import as a background task: it takes the run's id and re-reads the stored file."""

from django_tasks import task


@task()
def run_import(run_id):
    from .runs import execute

    return execute(run_id)
