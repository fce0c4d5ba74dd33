"""Background tasks of open data; they take ids and read fresh rows."""

from django_tasks import task

from . import state


@task()
def sync_record(translation_key, changed=False):
    state.sync_record(translation_key, changed=changed)


@task()
def sync_under(page_id):
    """Every record at or below a page (a view restriction there was added, changed or removed)."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    for key in Page.objects.descendant_of(page, inclusive=True).values_list("translation_key", flat=True):
        state.sync_record(key)


@task()
def sync_all():
    return state.sync_all()


@task()
def write_dumps():
    from . import dumps

    return [dump.name for dump in dumps.write_all()]
