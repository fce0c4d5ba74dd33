"""IIIF Presentation API 3.0 documents for catalogue records: one Manifest per record, Collections by type.

Every document is built from iiif-prezi3's typed models (never hand-built dicts) and serialised
with its ``jsonld()``; this package is the only place that imports ``iiif_prezi3``.

* A manifest describes one record, not one page: it carries the Vietnamese source and its English
  translation side by side as IIIF language maps (``{"vi": [...], "en": [...]}``), using only the
  versions that are published (live and public).
* Identifiers follow the public URLs of the design: ``{base}/iiif/manifest/{identifier}.json``,
  ``{base}/iiif/collection/top.json`` and ``{base}/iiif/collection/{model_name}.json``; images point at
  the IIIF Image API 3.0 service ``{base}/iiif/3/{iiif_identifier}``. ``base_url`` is the public
  origin without a trailing slash (``PUBLIC_BASE_URL``).
"""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from iiif_prezi3 import (
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    Collection,
    CollectionRef,
    Homepage,
    KeyValueString,
    Manifest,
    ManifestRef,
    NavPlace,
    ServiceV3,
    TextualBody,
)

from catalogue.models import RECORD_MODELS, record_model

from .services import carries_text, search_services

LANGUAGES = ("vi", "en")  # the archive's languages, Vietnamese (the source) first
ARCHIVE_NAME = {"vi": ["Di sản Quảng Nam"], "en": ["Quảng Nam Heritage"]}
ATTRIBUTION_LABEL = {"vi": ["Ghi công"], "en": ["Attribution"]}
TEXT_LABELS = {
    "transcription": {"vi": ["Nguyên văn"], "en": ["Transcription"]},
    "transliteration": {"vi": ["Phiên âm"], "en": ["Transliteration"]},
    "translation": {"vi": ["Dịch nghĩa"], "en": ["Translation"]},
}
THUMBNAIL_SIDE = 400
NAVPLACE_CONTEXT = "http://iiif.io/api/extension/navplace/context.json"


def thumbnail_size(image):
    """``!400,400``, or ``max`` for an image smaller than that (the server refuses to enlarge)."""
    if max(image.iiif_width or 0, image.iiif_height or 0) > THUMBNAIL_SIDE:
        return f"!{THUMBNAIL_SIDE},{THUMBNAIL_SIDE}"
    return "max"


def manifest_id(identifier, base_url):
    """The URL (and IIIF id) of a record's manifest."""
    return f"{base_url}/iiif/manifest/{identifier}.json"


def preview_manifest_id(page_id, base_url):
    """The staff-only manifest of a record page's latest draft (iiif.views.preview_manifest)."""
    return f"{base_url}/iiif/preview/{page_id}/manifest.json"


def collection_id(base_url, name="top"):
    """The URL (and IIIF id) of the top collection or of one record type's collection."""
    return f"{base_url}/iiif/collection/{name}.json"


def image_service_id(image, base_url):
    """The IIIF Image API 3.0 service of a HeritageImage."""
    return f"{base_url}/iiif/3/{image.iiif_identifier}"


# -- helpers ------------------------------------------------------------------------------------------


def _language_map(values):
    """``{lang: [text]}`` for the non-empty texts of ``{lang: text}``, Vietnamese first."""
    return {lang: [str(values[lang])] for lang in LANGUAGES if values.get(lang)}


def _published_versions(record):
    """The live, public versions of a record (vi source and en translation) as ``{lang: page}``."""
    pages = type(record).objects.published().versions_of(record.translation_key)
    found = {page.locale.language_code: page for page in pages}
    return {lang: found[lang] for lang in LANGUAGES if lang in found}


def _visual_items(page):
    """The images a viewer can show. An image that failed to tile has no image service, so it gets
    no canvas (one still being tiled keeps its canvas: its service answers within minutes)."""
    return [item for item in page.canvas_items() if not item.image.is_unavailable]


def _unavailable_metadata(page):
    """A metadata row naming the record's images that cannot be shown, and why (empty list if none)."""
    rows = []
    for item in page.canvas_items():
        if item.image.is_unavailable:
            labels, values = {}, {}
            for lang in LANGUAGES:
                with translation.override(lang):
                    labels[lang] = gettext("Image unavailable")
                    name = str(getattr(item, "canvas_label", "") or item.image.title)
                    values[lang] = f"{name}: {item.image.unavailable_reason}"
            rows.append(KeyValueString(label=_language_map(labels), value=_language_map(values)))
    return rows


def _parallel(versions, primary_items):
    """Each language's items aligned with the primary items, or None where they cannot be paired.

    Translations copy the child rows of their source, so equal counts mean equal order; a
    translation that is out of step with its source is left out rather than mislabelling canvases.
    """
    aligned = {}
    for lang, page in versions.items():
        items = _visual_items(page)
        aligned[lang] = items if len(items) == len(primary_items) else None
    return aligned


def _parallel_texts(aligned, index, attribute):
    """``{lang: text}`` of one field of the index-th item in each version, minus copies of the source.

    wagtail-localize synchronises child rows that are not translatable models (record images,
    document pages): a translation starts as a copy of its source, so a text equal to the source's
    is untranslated Vietnamese and must not be tagged "en".
    """
    texts = {}
    for lang, items in aligned.items():
        if items is None:
            continue
        text = getattr(items[index], attribute)
        if texts and text == next(iter(texts.values())):
            continue
        texts[lang] = text
    return texts


def _metadata(versions):
    """Fact pairs in both languages: paired by position when both lists match, else each on its own."""
    facts = {}
    for lang, page in versions.items():
        # facts() translates its labels (and vocabulary values) in the active language.
        with translation.override(lang):
            facts[lang] = [(str(label), str(value)) for label, value in page.facts()]
    lists = list(facts.values())
    if len(lists) == len(LANGUAGES) and len({len(pairs) for pairs in lists}) == 1:
        rows = [{lang: facts[lang][i] for lang in facts if facts[lang][i][1]} for i in range(len(lists[0]))]
    else:
        rows = [{lang: pair} for lang, pairs in facts.items() for pair in pairs if pair[1]]
    return [
        KeyValueString(
            label=_language_map({lang: pair[0] for lang, pair in row.items()}),
            value=_language_map({lang: pair[1] for lang, pair in row.items()}),
        )
        for row in rows
        if row
    ]


def _required_statement(versions, first_image):
    """Attribution: the record's credit line, else the first image's, else the archive's name."""
    value = _language_map({lang: page.credit_line for lang, page in versions.items()})
    if not value and first_image.credit_line:
        # An image's credit line is not translated: it names a photographer or an agency.
        value = {"none": [first_image.credit_line]}
    return KeyValueString(label=ATTRIBUTION_LABEL, value=value or ARCHIVE_NAME)


def _rights(uri):
    """The rights URI as IIIF expects it.

    Presentation 3 takes Creative Commons URIs in their canonical ``http://`` form (the spec's
    examples and the IIIF validator's schema); the catalogue stores the ``https://`` links that
    creativecommons.org shows, so only the scheme is changed. rightsstatements.org URIs are already
    ``http://``.
    """
    prefix = "https://creativecommons.org/"
    return "http://" + uri.removeprefix("https://") if uri.startswith(prefix) else uri


def _homepages(versions, base_url):
    homepages = []
    for lang, page in versions.items():
        parts = page.get_url_parts()
        if parts is None:  # not routable (no site): nothing to link to
            continue
        homepages.append(
            Homepage(
                id=base_url + parts[2],
                type="Text",
                label={lang: [page.title]},
                format="text/html",
                language=[lang],
            )
        )
    return homepages


def _image_service(image, base_url):
    return ServiceV3(id=image_service_id(image, base_url), type="ImageService3", profile="level2")


def page_texts(index, source, aligned, text_language):
    """``[(annotation_suffix, kind, text, language)]``: a document page's texts as the manifest
    publishes them, each under ``{canvas_id}/text/{suffix}`` (the Content Search service answers
    with the same annotation ids).

    The transcription and transliteration are synchronised fields, the same in every version; the
    translation is taken from each language's version of the page.
    """
    bodies = []
    if source.transcription:
        bodies.append(("transcription", source.transcription, text_language))
    if source.transliteration:
        bodies.append(("transliteration", source.transliteration, "vi"))
    for lang, text in _parallel_texts(aligned, index, "translation").items():
        if text:
            bodies.append(("translation", text, lang))
    return [(str(k), kind, text, language) for k, (kind, text, language) in enumerate(bodies, start=1)]


def text_body(text, language):
    # No id on the body: a TextualBody is embedded, and the IIIF schema's resource
    # alternatives overlap (id+type vs value+type) for a body carrying both.
    return TextualBody(value=text, format="text/plain", language=language)


def _text_annotations(canvas_id, index, source, aligned, text_language):
    """Supplementing annotations with a document page's texts (empty list when it has none)."""
    return [
        Annotation(
            id=f"{canvas_id}/text/{suffix}",
            label=TEXT_LABELS[kind],
            motivation="supplementing",
            body=text_body(text, language),
            target=canvas_id,
        )
        for suffix, kind, text, language in page_texts(index, source, aligned, text_language)
    ]


def image_body(image, base_url):
    """The painting body of a tiled image: its full size, with its Image API service."""
    service_id = image_service_id(image, base_url)
    return AnnotationBody(
        id=f"{service_id}/full/max/0/default.jpg",
        type="Image",
        format="image/jpeg",
        width=image.iiif_width,
        height=image.iiif_height,
        service=[_image_service(image, base_url)],
    )


def _canvas(canvas_id, index, item, aligned, base_url, text_language):
    """One image's canvas: its size, its painting annotation and, for a document page, its texts."""
    image = item.image
    labels = _parallel_texts(aligned, index, "canvas_label")
    canvas = Canvas(id=canvas_id, width=image.iiif_width, height=image.iiif_height)
    if label := _language_map(labels):
        canvas.label = label
    body = image_body(image, base_url)
    painting = Annotation(id=f"{canvas_id}/page/image", motivation="painting", body=body, target=canvas_id)
    canvas.items = [AnnotationPage(id=f"{canvas_id}/page", items=[painting])]
    if item.carries_text and (texts := _text_annotations(canvas_id, index, item, aligned, text_language)):
        canvas.annotations = [AnnotationPage(id=f"{canvas_id}/text", items=texts)]
    return canvas


def _nav_place(primary, versions, base_id):
    """The navPlace (IIIF extension) of where the record is (a site, an artefact's findspot): its
    public point, so a sensitive site is only ever at its generalised place here too."""
    location = primary.public_point()
    if location is None:
        return None
    latitude, longitude = location
    feature = {
        "id": f"{base_id}/feature/1",
        "type": "Feature",
        "properties": {"label": _language_map({lang: page.title for lang, page in versions.items()})},
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
    }
    return NavPlace(id=f"{base_id}/feature-collection/1", features=[feature])


# -- public API ---------------------------------------------------------------------------------------


def build_manifest(record, base_url, *, draft=False):
    """The IIIF Presentation 3 Manifest of a published record (pass its vi or en page).

    Labels, summaries, metadata, captions, homepages and translations come from the record's
    published vi and en versions; canvases follow the Vietnamese source's image order (a document's
    pages for documentary records). Raises ``LookupError`` when the record has no published version
    or no image, since a manifest needs at least one canvas.

    ``draft=True``: the manifest of ``record`` exactly as given (a draft revision, for staff
    previewing it), on its own, under the preview address; nothing published is mixed in.
    """
    if draft:
        versions = {record.locale.language_code: record}
    else:
        record = record.specific
        versions = _published_versions(record)
    if not versions:
        raise LookupError(f"{record.identifier} has no published version.")
    primary = next(iter(versions.values()))  # the Vietnamese source when it is published
    items = _visual_items(primary)
    if not items:
        raise LookupError(f"{primary.identifier} has no image: a manifest needs at least one canvas.")
    aligned = _parallel(versions, items)
    first_image = items[0].image
    address = preview_manifest_id(record.pk, base_url) if draft else manifest_id(primary.identifier, base_url)
    base_id = address.removesuffix(".json")

    manifest = Manifest(
        id=address,
        label=_language_map({lang: page.title for lang, page in versions.items()}),
        rights=_rights(primary.rights),
        requiredStatement=_required_statement(versions, first_image),
    )
    if summary := _language_map({lang: page.summary for lang, page in versions.items()}):
        manifest.summary = summary
    if metadata := _metadata(versions) + _unavailable_metadata(primary):
        manifest.metadata = metadata
    if not draft and (homepages := _homepages(versions, base_url)):
        manifest.homepage = homepages
    manifest.thumbnail = [
        AnnotationBody(
            id=f"{image_service_id(first_image, base_url)}/full/{thumbnail_size(first_image)}/0/default.jpg",
            type="Image",
            format="image/jpeg",
            service=[_image_service(first_image, base_url)],
        )
    ]
    text_language = primary.transcription_language()
    if primary.viewing_direction:
        manifest.viewingDirection = primary.viewing_direction
        if len(items) > 1:
            manifest.behavior = ["paged"]
    if nav_place := _nav_place(primary, versions, base_id):
        manifest.add_context(NAVPLACE_CONTEXT)
        manifest.navPlace = nav_place
    if not draft and any(carries_text(_visual_items(page)) for page in versions.values()):
        manifest.service = search_services(primary.identifier, base_url)
    manifest.items = [
        _canvas(f"{base_id}/canvas/{n}", n - 1, item, aligned, base_url, text_language)
        for n, item in enumerate(items, start=1)
    ]
    return manifest


def manifest_json(record, base_url, *, draft=False):
    """The record's manifest as a JSON-LD string with the Presentation 3 ``@context``."""
    return build_manifest(record, base_url, draft=draft).jsonld()


def _type_label(model):
    labels = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            labels[lang] = capfirst(str(model._meta.verbose_name_plural))
    return _language_map(labels)


def _manifest_refs(model, base_url):
    """References to the published vi-source records of one type that have at least one image."""
    records = list(
        model.objects.published()
        .with_canvases()
        .filter(locale__language_code=LANGUAGES[0])
        .order_by("identifier")
    )
    # One query for the English titles of the whole list rather than one per record.
    english = dict(
        model.objects.published()
        .filter(locale__language_code="en", translation_key__in=[r.translation_key for r in records])
        .values_list("translation_key", "title")
    )
    return [
        ManifestRef(
            id=manifest_id(record.identifier, base_url),
            label=_language_map({"vi": record.title, "en": english.get(record.translation_key)}),
        )
        for record in records
    ]


def build_collection(base_url, record_type=None):
    """A IIIF Collection of the archive's published manifests.

    Without ``record_type``: the top collection, listing one sub-collection per record type. With a
    record type (a model name such as ``sitepage``): that type's collection, whose items reference
    the manifests of its published records that have at least one image (manifests are per record,
    so only the Vietnamese source pages are listed). Raises ``LookupError`` for an unknown type.
    """
    if record_type is not None:
        model = record_model(record_type)
        return Collection(
            id=collection_id(base_url, record_type),
            label=_type_label(model),
            items=_manifest_refs(model, base_url),
        )
    return Collection(
        id=collection_id(base_url),
        label=ARCHIVE_NAME,
        items=[
            CollectionRef(
                id=collection_id(base_url, model._meta.model_name),
                type="Collection",
                label=_type_label(model),
            )
            for model in RECORD_MODELS
        ],
    )


def collection_json(base_url, record_type=None):
    """The collection as a JSON-LD string with the Presentation 3 ``@context``."""
    return build_collection(base_url, record_type).jsonld()
