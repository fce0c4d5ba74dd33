"""Answers of a document's IIIF Content Search service: the hits of a query in its pages' texts.

The texts searched are exactly the annotations of the record's manifest (same canvases, same
annotation ids), built from its published versions only, so the service finds nothing a reader of
the manifest could not read. Matching is ``iiif.text_match`` (Hán characters, the Sino-Vietnamese
reading with or without tones, the translation).

* Content Search 2.0 (``search_json(..., version=2)``): an AnnotationPage whose ``items`` are the
  text annotations that match (motivation ``supplementing``, as in the manifest, targeting the page
  canvas), and whose ``annotations`` page holds one ``highlighting`` annotation per match, pointing
  at its text annotation with a TextQuoteSelector (prefix, exact, suffix), and, where the page's
  text regions place the match on the image, one more targeting that box of the canvas. Built with
  iiif-prezi3.
* Content Search 1.0 (``version=1``), for Mirador 4.0 which reads only 1.0 answers: an
  ``sc:AnnotationList`` of one annotation per match on its canvas, with ``hits`` carrying the words
  before and after. iiif-prezi3 models Presentation 3 only and Search 1.0 is a Presentation 2
  document, so this one answer is a plain dict — built from the same hits.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from iiif_prezi3 import Annotation, AnnotationPage, SpecificResource, TextQuoteSelector

from catalogue import text_regions

from .. import text_match
from .records import (
    _parallel,
    _published_versions,
    _visual_items,
    manifest_id,
    page_texts,
    text_body,
)
from .services import carries_text, search_service_id

SEARCH_2_CONTEXT = "http://iiif.io/api/search/2/context.json"
SEARCH_1_CONTEXT = "http://iiif.io/api/search/1/context.json"


@dataclass(frozen=True)
class TextHits:
    """The matches in one text annotation of the manifest."""

    canvas_id: str
    canvas_index: int  # 0-based, in manifest order
    width: int
    height: int
    annotation_id: str
    kind: str
    text: str
    language: str
    hits: tuple
    boxes: tuple = ()  # per hit: (x, y, w, h) on the canvas where the page's regions place it, or None


def document_hits(record, base_url, query):
    """The ``TextHits`` of ``query`` in a published record's pages, in page order then field order.

    Raises ``LookupError`` when the record has no published version or no page with a text, so
    that the service answers 404 exactly where the manifest names no search service.
    """
    versions = _published_versions(record.specific)
    if not versions:
        raise LookupError(f"{record.identifier} has no published version.")
    primary = next(iter(versions.values()))
    items = _visual_items(primary)
    if not any(carries_text(_visual_items(page)) for page in versions.values()):
        raise LookupError(f"{primary.identifier} has no text to search.")
    aligned = _parallel(versions, items)
    base_id = manifest_id(primary.identifier, base_url).removesuffix(".json")
    text_language = primary.transcription_language()
    found = []
    for index, item in enumerate(items):
        if not getattr(item, "carries_text", False):
            continue
        canvas_id = f"{base_id}/canvas/{index + 1}"
        for suffix, kind, text, language in page_texts(index, item, aligned, text_language):
            hits = text_match.find(text, query, kind)
            boxes = tuple(hit_box(item, kind, text, hit) for hit in hits)
            if hits:
                found.append(
                    TextHits(
                        canvas_id=canvas_id,
                        canvas_index=index,
                        width=item.image.iiif_width,
                        height=item.image.iiif_height,
                        annotation_id=f"{canvas_id}/text/{suffix}",
                        kind=kind,
                        text=text,
                        language=language,
                        hits=tuple(hits),
                        boxes=boxes,
                    )
                )
    return found


def hit_box(page, kind, text, hit):
    """Where a hit is written on the page's image, ``(x, y, w, h)``, from the page's text regions:
    a hit in the transcription by its characters, a hit in the reading by the characters its
    syllables read; None for the translation or where no region covers it."""
    regions = page.regions() if hasattr(page, "regions") else []
    if not regions:
        return None
    stretch = (hit.start, hit.end)
    if kind == "transliteration":
        stretch = text_regions.reading_to_text(page.transcription, text, hit.start, hit.end)
    elif kind != "transcription":
        stretch = None
    return text_regions.union(text_regions.boxes_for(regions, *stretch)) if stretch else None


def _xywh(box):
    return ",".join(str(value) for value in box)


def _request_id(identifier, base_url, query, version):
    return f"{search_service_id(identifier, base_url, version)}?{urlencode({'q': query})}"


def _search_2(found, request_id):
    items = [
        Annotation(
            id=entry.annotation_id,
            motivation="supplementing",
            body=text_body(entry.text, entry.language),
            target=entry.canvas_id,
        )
        for entry in found
    ]
    highlights = [
        Annotation(
            id=f"{entry.annotation_id}/match/{n}",
            motivation="highlighting",
            target=SpecificResource(
                source=entry.annotation_id,
                selector=[TextQuoteSelector(prefix=hit.before, exact=hit.match, suffix=hit.after)],
            ),
        )
        for entry in found
        for n, hit in enumerate(entry.hits, start=1)
    ]
    # Where the page's regions place a hit, a second highlight marks it on the image itself.
    highlights += [
        Annotation(
            id=f"{entry.annotation_id}/match/{n}/region",
            motivation="highlighting",
            target=f"{entry.canvas_id}#xywh={_xywh(box)}",
        )
        for entry in found
        for n, box in enumerate(entry.boxes, start=1)
        if box
    ]
    page = AnnotationPage(context=SEARCH_2_CONTEXT, id=request_id, items=items)
    document = json.loads(page.json(exclude_context=True))
    if highlights:
        # prezi3's AnnotationPage has no ``annotations`` property (a Content Search addition):
        # the page of highlights is built with its models and attached here.
        hits_page = AnnotationPage(id=f"{request_id}#hits", items=highlights)
        document["annotations"] = [json.loads(hits_page.json(exclude_context=True))]
    return json.dumps(document, ensure_ascii=False)


def _search_1(found, request_id):
    resources, hits = [], []
    for entry in found:
        boxes = entry.boxes or (None,) * len(entry.hits)
        for n, (hit, box) in enumerate(zip(entry.hits, boxes, strict=True), start=1):
            match_id = f"{entry.annotation_id}/match/{n}"
            # Where the regions place the hit, or else the whole page: viewers draw the hit
            # there and turn to it.
            where = _xywh(box) if box else f"0,0,{entry.width},{entry.height}"
            resources.append(
                {
                    "@id": match_id,
                    "@type": "oa:Annotation",
                    "motivation": "sc:painting",
                    "resource": {"@type": "cnt:ContentAsText", "chars": hit.match},
                    "on": f"{entry.canvas_id}#xywh={where}",
                }
            )
            hits.append(
                {
                    "@type": "search:Hit",
                    "annotations": [match_id],
                    "match": hit.match,
                    "before": hit.before,
                    "after": hit.after,
                }
            )
    document = {
        "@context": SEARCH_1_CONTEXT,
        "@id": request_id,
        "@type": "sc:AnnotationList",
        "within": {"@type": "sc:Layer", "total": len(resources)},
        "resources": resources,
        "hits": hits,
    }
    return json.dumps(document, ensure_ascii=False)


def search_json(record, base_url, query, version=2):
    """The Content Search answer (JSON-LD string) for ``query`` in a published record's texts.
    Raises ``LookupError`` as ``document_hits`` does."""
    query = text_match.normalise_query(query)
    found = document_hits(record, base_url, query)  # no hits for an empty query, 404 without text
    request_id = _request_id(record.identifier, base_url, query, version)
    return _search_2(found, request_id) if version == 2 else _search_1(found, request_id)
