"""Background tasks keeping search documents in step with the catalogue; they take ids and re-fetch."""

from django_tasks import task

from . import documents


@task()
def refresh_record(translation_key):
    document = documents.refresh_record(translation_key)
    return document.pk if document else None


@task()
def refresh_under(page_id):
    return documents.refresh_under(page_id)


@task()
def refresh_facet(token):
    """A vocabulary term's label changed: rebuild the documents that carry it."""
    from .models import SearchDocument

    name, _, value = token.partition(":")
    keys = list(SearchDocument.objects.with_facet(name, [value]).values_list("translation_key", flat=True))
    for key in keys:
        documents.refresh_record(key)
    return len(keys)
