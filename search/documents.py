"""Building and removing search documents from the catalogue's records.

A record's document exists exactly while at least one language version of it is live and public;
drafts, unpublished and view-restricted versions contribute nothing.
"""

from django.db import transaction
from django.utils import translation
from wagtail.models import Page
from wagtail.search import index

from catalogue.facets import facet_labels, facet_tokens
from catalogue.models import published_versions

from .models import SearchDocument, SearchFacet
from .text import index_text, suggest_text


def refresh_record(translation_key):
    """Create, update or delete the search document of the record with ``translation_key``.

    Returns the document, or None when no version of the record is published.
    """
    versions = published_versions(translation_key)
    with transaction.atomic():
        stale = list(SearchDocument.objects.filter(translation_key=translation_key))
        if not versions:
            for document in stale:
                document_id = document.pk
                document.delete()
                document.pk = document_id  # the backends find the entry to drop by its id
            document = None
        else:
            document = fill_document(
                stale[0] if stale else SearchDocument(translation_key=translation_key), versions
            )
            document.save()
            stale = []
            SearchFacet.objects.filter(document=document).exclude(token__in=document.facet_tokens).delete()
            existing = set(SearchFacet.objects.filter(document=document).values_list("token", flat=True))
            SearchFacet.objects.bulk_create(
                SearchFacet(document=document, token=token)
                for token in document.facet_tokens
                if token not in existing
            )
    # Index only what was committed; an engine that is down logs the error and publishing goes on.
    for removed in stale:
        index.remove_object(removed)
    if document is not None:
        index.insert_or_update_object(document)
    return document


def refresh_under(page_id):
    """Refresh every record at or below the page (a view restriction was added or removed)."""
    root = Page.objects.filter(pk=page_id).first()
    if root is None:
        return 0
    keys = set(Page.objects.descendant_of(root, inclusive=True).values_list("translation_key", flat=True))
    for key in keys:
        refresh_record(key)
    return len(keys)


def fill_document(document, versions):
    """Set every field of ``document`` from the record's published ``versions`` (not saved)."""
    source = versions[0]
    document.identifier = source.identifier
    document.record_type = source.record_type
    document.titles = {page.locale.language_code: page.title for page in versions}
    document.urls = {page.locale.language_code: page.get_url() for page in versions}
    document.summaries = {page.locale.language_code: page.summary for page in versions}
    document.thumbnail = source.primary_image()
    document.earliest_year = source.earliest_year
    document.sort_title = source.title[:255]
    document.latitude, document.longitude = source.public_point() or (None, None)
    document.facet_tokens = sorted(facet_tokens(source))
    document.rank_weight = rank_weight(source)

    titles = [page.title for page in versions]
    body = []
    for page in versions:
        with translation.override(page.locale.language_code):
            body.extend(page_texts(page))
            body.extend(str(label) for label in facet_labels(source))
    document.search_title = index_text(source.identifier, *titles)
    document.search_body = index_text(*body)
    document.suggest = suggest_text(*titles)
    return document


def page_texts(page):
    """The text of every search field the catalogue declares on the page, except title and identifier."""
    texts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name not in ("title", "identifier"):
            texts.append(_as_text(field.get_value(page)))
        elif isinstance(field, index.RelatedFields):
            for related in _related_objects(field.get_value(page)):
                texts.extend(
                    _as_text(sub.get_value(related))
                    for sub in field.fields
                    if isinstance(sub, index.SearchField)
                )
    return [text for text in texts if text]


def _related_objects(value):
    if value is None:
        return []
    if hasattr(value, "all"):
        return list(value.all())
    return [value() if callable(value) else value]


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_as_text(item) for item in value)
    return str(value)


# A record's standing (RecordPage.standing), as a multiplier of its text relevance: someone typing
# "my son" means the World Heritage sanctuary before the sculptures that carry its name.
WEIGHT_PER_STEP = 0.5


def rank_weight(page):
    """1 for an ordinary record, up to 3 for a World Heritage site."""
    return 1 + WEIGHT_PER_STEP * page.standing
