"""Building and removing search documents from the catalogue's records.

A record's document exists exactly while at least one language version of it is live and public;
drafts, unpublished and view-restricted versions contribute nothing.
"""

from django.db import transaction
from django.utils import translation
from wagtail.models import Page
from wagtail.search import index

from catalogue.models import RECORD_MODELS, ArtefactPage, DocumentaryPage, IntangiblePage, SitePage

from .facets import facet_label
from .models import SearchDocument, SearchFacet
from .text import index_text, suggest_text

RECORD_TYPES = {model._meta.model_name: model for model in RECORD_MODELS}


def published_versions(translation_key):
    """The live, public language versions of a record, Vietnamese first."""
    versions = []
    for model in RECORD_MODELS:
        versions.extend(
            model.objects.published().filter(translation_key=translation_key).select_related("locale")
        )
    return sorted(versions, key=lambda page: (page.locale.language_code != "vi", page.locale.language_code))


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
    location = record_location(source)
    document.latitude, document.longitude = location or (None, None)
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


def record_location(page):
    """The public (latitude, longitude) where a visitor can see a record: a site's own place; an
    artefact's or a document's holding institution — where it is now, not where it was found (the
    Shiva of Mỹ Sơn C1 stands in Đà Nẵng). A record whose holder has no place has no distance."""
    if isinstance(page, SitePage):
        return page.public_location()
    institution = getattr(page, "holding_institution", None)
    return institution.location if institution is not None else None


def _districts(page):
    if isinstance(page, SitePage):
        return [page.former_district] if page.former_district else []
    if isinstance(page, ArtefactPage) and page.findspot is not None:
        return [page.findspot.former_district] if page.findspot.former_district else []
    if isinstance(page, IntangiblePage):
        return list(page.related_sites.exclude(former_district="").values_list("former_district", flat=True))
    return []


def facet_values(page):
    """(facet name, value) pairs of a record."""
    pairs = [("type", page.record_type)]
    pairs += [("district", district) for district in _districts(page)]
    if isinstance(page, SitePage):
        pairs += [("ranking", page.ranking), ("category", page.category)]
    elif isinstance(page, ArtefactPage):
        pairs.append(("status", page.status))
        for facet, field in (
            ("object_type", "object_type"),
            ("period", "period"),
            ("culture", "culture"),
            ("institution", "holding_institution"),
        ):
            term = getattr(page, field)
            if term is not None:
                pairs.append((facet, term.key))
        pairs += [("material", material.key) for material in page.materials.all()]
    elif isinstance(page, IntangiblePage):
        pairs.append(("domain", page.unesco_domain))
    elif isinstance(page, DocumentaryPage):
        pairs.append(("doc_type", page.doc_type))
        if page.holding_institution is not None:
            pairs.append(("institution", page.holding_institution.key))
    return pairs


def facet_tokens(page):
    return {f"{name}:{value}" for name, value in facet_values(page) if value}


# A record's standing, as a multiplier of its text relevance: someone typing "my son" means the
# World Heritage sanctuary before the sculptures that carry its name.
STANDING = {
    "ranking": {"world_heritage": 4, "special_national": 3, "national": 2, "provincial": 1},
    "status": {"national_treasure": 2, "rare": 1},
    "inscription": {"unesco_representative": 3, "unesco_urgent": 3, "national_inventory": 1},
}
WEIGHT_PER_STEP = 0.5


def rank_weight(page):
    """1 for an ordinary record, up to 3 for a World Heritage site."""
    steps = 0
    if isinstance(page, SitePage):
        steps = STANDING["ranking"].get(page.ranking, 0)
    elif isinstance(page, ArtefactPage):
        steps = STANDING["status"].get(page.status, 0)
    elif isinstance(page, IntangiblePage):
        steps = STANDING["inscription"].get(page.inscription, 0)
    return 1 + WEIGHT_PER_STEP * steps


def facet_labels(page):
    """The labels of a record's facet values in the active language, so that "national treasure"
    or "bảo vật quốc gia" finds what the facet would."""
    return [facet_label(name, value) for name, value in facet_values(page) if value and name != "type"]
