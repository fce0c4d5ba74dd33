"""Who may see a record and its images: one answer for every public output.

A record is public when it is live and no view restriction covers it — in any of its language
versions. Wagtail restricts pages one by one, and each translation is a page of its own, so a
restriction set on the Vietnamese record alone would otherwise leave the English one in GeoJSON,
search, the map, the sitemap and its manifest. An image is public only through a public record that
shows it, and only when its own collection is not private (Wagtail does not enforce collection
privacy on images, wagtail#3880; the archive's IIIF service does, through this module).
"""

from django.db.models import Q
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction


def restricted_translation_keys():
    """A subquery of the translation keys of pages a view restriction covers (itself or above it)."""
    return Page.objects.not_public().values("translation_key")


def other_version_restrictions(page):
    """View restrictions on the other language versions of ``page`` (and above them) that do not
    already cover ``page`` itself: the serving hook applies them to this version too."""
    own = {restriction.pk for restriction in page.get_view_restrictions()}
    versions = Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)
    restrictions = []
    for version in versions:
        for restriction in PageViewRestriction.objects.filter(
            page__in=version.get_ancestors(inclusive=True)
        ).exclude(pk__in=own):
            restrictions.append(restriction)
    return restrictions


def private_collection_ids():
    """Collections with a view restriction, and every collection inside them."""
    paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    if not paths:
        return set()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return set(Collection.objects.filter(query).values_list("pk", flat=True))


def published_record_ids():
    from .models import RECORD_MODELS

    ids = set()
    for model in RECORD_MODELS:
        ids.update(model.objects.published().values_list("pk", flat=True))
    return ids


def public_image_ids():
    """Ids of the images shown by public records, minus those in private collections."""
    from images.models import HeritageImage

    from .models import DocumentPageImage, RecordImage

    records = published_record_ids()
    ids = set(RecordImage.objects.filter(page_id__in=records).values_list("image_id", flat=True))
    ids |= set(DocumentPageImage.objects.filter(document_id__in=records).values_list("image_id", flat=True))
    private = private_collection_ids()
    if private and ids:
        ids -= set(
            HeritageImage.objects.filter(pk__in=ids, collection_id__in=private).values_list("pk", flat=True)
        )
    return ids


def image_is_public(image):
    """Whether one image is shown by a public record (a few small queries, for one request)."""
    from .models import RECORD_MODELS, DocumentPageImage, RecordImage

    if image.collection_id in private_collection_ids():
        return False
    pages = set(RecordImage.objects.filter(image_id=image.pk).values_list("page_id", flat=True))
    pages |= set(DocumentPageImage.objects.filter(image_id=image.pk).values_list("document_id", flat=True))
    if not pages:
        return False
    return any(model.objects.published().filter(pk__in=pages).exists() for model in RECORD_MODELS)
